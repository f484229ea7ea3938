/** Minimal server-side HTML: an escaping tagged template and the public page frame. No client script. */

export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

export function escapeHtml(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

type Part = Html | string | number | null | undefined | false | Part[];

function render(part: Part): string {
  if (part === null || part === undefined || part === false) return '';
  if (Array.isArray(part)) return part.map(render).join('');
  if (part instanceof Html) return part.value;
  return escapeHtml(String(part));
}

export function html(strings: TemplateStringsArray, ...values: Part[]): Html {
  let out = strings[0] ?? '';
  values.forEach((v, i) => {
    out += render(v) + (strings[i + 1] ?? '');
  });
  return new Html(out);
}

export const PUBLIC_CSS = `
:root{--ink:#1b1f24;--muted:#4a5561;--line:#c9d1d9;--accent:#0b5cad;--accent-ink:#fff;--bad:#a4161a;--bg:#f6f8fa;--ok:#1a7f37}
*{box-sizing:border-box}
body{margin:0;font:1.0625rem/1.55 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);background:var(--bg)}
a{color:var(--accent)}
.skip{position:absolute;left:-999px}.skip:focus{left:1rem;top:1rem;background:#fff;padding:.5rem;z-index:2}
header.site{background:#fff;border-bottom:1px solid var(--line)}
header.site .inner,main{max-width:46rem;margin:0 auto;padding:1rem 1.25rem}
header.site .brand{font-weight:700;font-size:1.15rem}
header.site .kasse{color:var(--muted)}
main{background:#fff;margin-top:1.25rem;margin-bottom:2rem;border:1px solid var(--line);border-radius:.5rem}
h1{font-size:1.6rem;line-height:1.25;margin:.25rem 0 1rem}
h2{font-size:1.2rem;margin:1.5rem 0 .5rem}
fieldset{border:1px solid var(--line);border-radius:.4rem;margin:0 0 1.25rem;padding:.75rem 1rem 1rem}
legend{font-weight:600;padding:0 .25rem}
label{display:block;font-weight:600;margin:.9rem 0 .25rem}
.hint{display:block;font-weight:400;color:var(--muted);font-size:.95rem;margin:.1rem 0 .35rem}
input[type=text],input[type=email],input[type=tel],textarea,select{width:100%;font:inherit;padding:.55rem .6rem;border:2px solid #6e7781;border-radius:.3rem;background:#fff;color:var(--ink)}
textarea{min-height:10rem;resize:vertical}
input:focus,textarea:focus,select:focus,button:focus,a:focus{outline:3px solid #f2b705;outline-offset:2px}
.radio{display:flex;gap:.5rem;align-items:center;font-weight:400;margin:.35rem 0}
.radio input{width:1.15rem;height:1.15rem}
button{font:inherit;font-weight:600;background:var(--accent);color:var(--accent-ink);border:0;border-radius:.35rem;padding:.7rem 1.4rem;cursor:pointer}
.error-summary{border:3px solid var(--bad);padding:.75rem 1rem;border-radius:.4rem;margin-bottom:1.25rem}
.error-summary h2{margin-top:0;color:var(--bad)}
.field-error{color:var(--bad);font-weight:600;display:block;margin:.2rem 0}
[aria-invalid=true]{border-color:var(--bad)}
.notice{border-left:6px solid var(--accent);background:#eef5fc;padding:.75rem 1rem;margin:1rem 0}
.warning{border-left:6px solid #bf8700;background:#fff8e1;padding:.75rem 1rem;margin:1rem 0}
.reference{font:700 1.6rem/1.3 ui-monospace,SFMono-Regular,Menlo,monospace;letter-spacing:.08em;background:var(--bg);border:1px dashed var(--line);display:inline-block;padding:.35rem .75rem;border-radius:.3rem}
footer.site{max-width:46rem;margin:0 auto 2rem;padding:0 1.25rem;color:var(--muted);font-size:.95rem}
.hp{position:absolute;left:-10000px;width:1px;height:1px;overflow:hidden}
`;

export function page(opts: { title: string; kasse?: string; body: Html; lang?: string }): string {
  return `<!doctype html>${html`<html lang="${opts.lang ?? 'de'}">
    <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <title>${opts.title}</title>
      <link rel="stylesheet" href="/public.css" />
    </head>
    <body>
      <a class="skip" href="#inhalt">Zum Inhalt springen</a>
      <header class="site">
        <div class="inner">
          <span class="brand">vorrang</span
          >${opts.kasse ? html` · <span class="kasse">${opts.kasse}</span>` : ''}
        </div>
      </header>
      <main id="inhalt">${opts.body}</main>
      <footer class="site">
        Ihre Krankenkasse fragt niemals per E-Mail, SMS oder Telefon nach Passwörtern oder Bankdaten.
      </footer>
    </body>
  </html>`}`;
}
