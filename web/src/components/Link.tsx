import type { AnchorHTMLAttributes, ReactNode } from 'react';
import { handleLinkClick } from '../router.js';

interface Props extends Omit<AnchorHTMLAttributes<HTMLAnchorElement>, 'href'> {
  to: string;
  children: ReactNode;
}

/** An ordinary link that navigates inside the app without reloading the page. */
export function Link({ to, children, onClick, ...rest }: Props) {
  return (
    <a
      href={to}
      onClick={(e) => {
        onClick?.(e);
        handleLinkClick(e, to);
      }}
      {...rest}
    >
      {children}
    </a>
  );
}
