/**
 * The public concern form of each Kasse: server-rendered, works without JavaScript, accessible. A hidden
 * one-time token doubles as the idempotency key, so sending the form twice never files two concerns.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { PUBLIC_ACTOR } from '../audit/audit.repository.js';
import { AppError, type FieldIssue } from '../errors.js';
import type { AppDeps } from '../http/deps.js';
import { html, page, PUBLIC_CSS, type Html } from '../http/html.js';
import { SENDER_KINDS, SENDER_LABEL } from '../shared/channels.js';
import { createConcernBody } from './concerns.schema.js';
import { takeInConcern, validateIdentifiers } from './concerns.service.js';

const FIELD_TEXT: Record<string, string> = {
  'sender.kind': 'Bitte wählen Sie aus, wer das Anliegen schickt.',
  'sender.name': 'Der Name darf höchstens 200 Zeichen lang sein.',
  'sender.email': 'Bitte geben Sie eine gültige E-Mail-Adresse ein, zum Beispiel name@beispiel.de.',
  'sender.phone': 'Bitte geben Sie die Telefonnummer nur mit Ziffern, Leerzeichen und + ( ) / - ein.',
  subject: 'Bitte geben Sie einen Betreff ein (höchstens 200 Zeichen).',
  text: 'Bitte beschreiben Sie Ihr Anliegen (höchstens 50.000 Zeichen).',
};

const FIELD_ID: Record<string, string> = {
  'sender.kind': 'sender-kind-insured',
  'sender.name': 'name',
  'sender.email': 'email',
  'sender.phone': 'phone',
  'sender.kvnr': 'kvnr',
  'sender.ik': 'ik',
  'sender.betriebsnummer': 'betriebsnummer',
  subject: 'subject',
  text: 'text',
};

type FormValues = Record<string, string>;

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

function optional(v: string): string | undefined {
  const t = v.trim();
  return t ? t : undefined;
}

function fieldError(errors: FieldIssue[], field: string): Html | string {
  const e = errors.find((x) => x.field === field);
  return e
    ? html`<span class="field-error" id="${FIELD_ID[field] ?? field}-error">Fehler: ${e.message}</span>`
    : '';
}

function invalid(errors: FieldIssue[], field: string): Html | string {
  return errors.some((e) => e.field === field)
    ? html` aria-invalid="true" aria-describedby="${FIELD_ID[field] ?? field}-error
      ${FIELD_ID[field] ?? field}-hint"`
    : html` aria-describedby="${FIELD_ID[field] ?? field}-hint"`;
}

interface FieldSpec {
  /** Form name and element id. */
  name: string;
  /** Path of the field in validation errors. */
  field: string;
  label: string;
  hint: string;
  type?: 'text' | 'email' | 'tel';
  autocomplete?: string;
  numeric?: boolean;
  required?: boolean;
}

const CONTACT_FIELDS: FieldSpec[] = [
  {
    name: 'name',
    field: 'sender.name',
    label: 'Name',
    hint: 'Damit wir Sie ansprechen können.',
    autocomplete: 'name',
  },
  {
    name: 'email',
    field: 'sender.email',
    label: 'E-Mail-Adresse',
    hint: 'Für unsere Antwort. Wir schicken Ihnen niemals Links zur Eingabe von Passwörtern.',
    type: 'email',
    autocomplete: 'email',
  },
  {
    name: 'phone',
    field: 'sender.phone',
    label: 'Telefon',
    hint: 'Falls wir Sie zurückrufen sollen.',
    type: 'tel',
    autocomplete: 'tel',
  },
  {
    name: 'kvnr',
    field: 'sender.kvnr',
    label: 'Krankenversichertennummer',
    hint: 'Steht auf Ihrer Gesundheitskarte: ein Buchstabe und neun Ziffern, z. B. A123456780.',
  },
  {
    name: 'betriebsnummer',
    field: 'sender.betriebsnummer',
    label: 'Betriebsnummer (nur Arbeitgeber)',
    hint: 'Acht Ziffern, z. B. 09912342.',
    numeric: true,
  },
  {
    name: 'ik',
    field: 'sender.ik',
    label: 'Institutionskennzeichen (nur Praxen, Kliniken, Pflegedienste)',
    hint: 'Neun Ziffern, z. B. 260326822.',
    numeric: true,
  },
];

const SUBJECT_FIELD: FieldSpec = {
  name: 'subject',
  field: 'subject',
  label: 'Betreff',
  hint: 'In wenigen Worten, z. B. „Krankengeld seit Mai nicht erhalten“.',
  required: true,
};

/** Label, hint, error and input of one text field, wired together for screen readers. */
function inputField(f: FieldSpec, values: FormValues, errors: FieldIssue[]): Html {
  return html`<label for="${f.name}">${f.label}</label>
    <span class="hint" id="${f.name}-hint">${f.hint}</span>
    ${fieldError(errors, f.field)}
    <input
      type="${f.type ?? 'text'}"
      id="${f.name}"
      name="${f.name}"
      autocomplete="${f.autocomplete ?? 'off'}"
      ${f.numeric ? html`inputmode="numeric"` : ''}
      ${f.autocomplete ? '' : html`spellcheck="false"`}
      ${f.required ? html`required maxlength="200"` : ''}
      value="${values[f.name] ?? ''}"
      ${invalid(errors, f.field)}
    />`;
}

function formPage(kasse: { slug: string; name: string }, values: FormValues, errors: FieldIssue[]): string {
  const token = values.token || randomUUID();
  const kind = values.kind ?? '';
  const body = html` <h1>Ihr Anliegen an die ${kasse.name}</h1>
    <p>
      Schreiben Sie uns hier, worum es geht. Sie erhalten sofort eine Vorgangsnummer. Medizinisch dringende
      Anliegen und ausbleibende Zahlungen bearbeiten wir zuerst.
    </p>
    <div class="notice">
      <strong>Hinweis:</strong> Wir fragen Sie nie nach Passwörtern, PINs oder TANs. In akuten Notfällen rufen
      Sie bitte die 112 an.
    </div>
    ${
      errors.length
        ? html`<div class="error-summary" role="alert" tabindex="-1" id="fehler">
            <h2>Bitte prüfen Sie Ihre Angaben</h2>
            <ul>
              ${errors.map((e) => html`<li><a href="#${FIELD_ID[e.field] ?? 'subject'}">${e.message}</a></li>`)}
            </ul>
          </div>`
        : ''
    }
    <form method="post" action="/k/${kasse.slug}/anliegen" novalidate>
      <input type="hidden" name="token" value="${token}" />
      <div class="hp" aria-hidden="true">
        <label for="website">Bitte frei lassen</label
        ><input type="text" id="website" name="website" tabindex="-1" autocomplete="off" />
      </div>
      <fieldset>
        <legend>Wer schreibt?</legend>
        ${fieldError(errors, 'sender.kind')}
        ${SENDER_KINDS.map(
          (k) =>
            html`<label class="radio"
              ><input
                type="radio"
                name="kind"
                value="${k}"
                id="sender-kind-${k}"
                ${kind === k ? html` checked` : ''}
              />
              ${SENDER_LABEL[k]}</label
            >`,
        )}
      </fieldset>
      <fieldset>
        <legend>Ihre Kontaktdaten (freiwillig)</legend>
        ${CONTACT_FIELDS.map((f) => inputField(f, values, errors))}
      </fieldset>
      <fieldset>
        <legend>Ihr Anliegen</legend>
        ${inputField(SUBJECT_FIELD, values, errors)}
        <label for="text">Beschreibung</label>
        <span class="hint" id="text-hint"
          >Bitte nennen Sie wichtige Daten, z. B. einen Entlassungstermin oder seit wann eine Zahlung
          fehlt.</span
        >
        ${fieldError(errors, 'text')}
        <textarea id="text" name="text" required${invalid(errors, 'text')}>${values.text ?? ''}</textarea>
      </fieldset>
      <p class="hint">
        Wir verarbeiten Ihre Angaben nur, um Ihr Anliegen zu bearbeiten (Sozialgeheimnis, § 35 SGB I).
      </p>
      <button type="submit">Anliegen absenden</button>
    </form>`;
  return page({
    title: `${errors.length ? 'Fehler: ' : ''}Anliegen an die ${kasse.name}`,
    kasse: kasse.name,
    body,
  });
}

function acknowledgement(kasse: { name: string }, reference: string, receivedAt: Date): string {
  const when = new Intl.DateTimeFormat('de-DE', {
    dateStyle: 'long',
    timeStyle: 'short',
    timeZone: 'Europe/Berlin',
  }).format(receivedAt);
  const body = html` <h1>Vielen Dank, Ihr Anliegen ist eingegangen</h1>
    <p>Ihre Vorgangsnummer:</p>
    <p class="reference" aria-label="Vorgangsnummer ${reference.split('').join(' ')}">${reference}</p>
    <p>
      Eingegangen am ${when} Uhr. Dieser Zeitpunkt zählt für alle gesetzlichen Fristen, auch wenn wir gerade
      nicht alles sofort bearbeiten können.
    </p>
    <p>
      Bitte notieren Sie die Vorgangsnummer. Wenn Sie uns erneut schreiben oder anrufen, nennen Sie sie bitte.
    </p>
    <div class="warning" role="note">
      <h2>Vorsicht vor Betrug</h2>
      <p>
        Die ${kasse.name} fragt Sie <strong>niemals per E-Mail, SMS oder Telefon</strong> nach Passwörtern,
        PINs, TANs oder Bankdaten und schickt Ihnen keine Links, über die Sie solche Daten eingeben sollen.
        Wenn Sie so eine Nachricht bekommen, antworten Sie nicht und klicken Sie auf keinen Link.
      </p>
      <p lang="en">
        <strong>Beware of fraud:</strong> we never ask for passwords or bank details by email, text message or
        phone.
      </p>
    </div>`;
  return page({ title: `Anliegen eingegangen – ${kasse.name}`, kasse: kasse.name, body });
}

export async function publicRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  app.get('/public.css', { schema: { hide: true } }, async (_req, reply) =>
    reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=3600').send(PUBLIC_CSS),
  );

  app.get<{ Params: { tenant: string } }>(
    '/k/:tenant/anliegen',
    { schema: { hide: true } },
    async (req, reply) => {
      const tenant = await deps.tenants.bySlug(req.params.tenant);
      if (!tenant) throw new AppError('TENANT_NOT_FOUND');
      return reply.type('text/html; charset=utf-8').send(formPage(tenant, {}, []));
    },
  );

  app.post<{ Params: { tenant: string }; Body: Record<string, unknown> }>(
    '/k/:tenant/anliegen',
    { schema: { hide: true }, config: { rateLimit: deps.publicRateLimit } },
    async (req, reply) => {
      const tenant = await deps.tenants.bySlug(req.params.tenant);
      if (!tenant) throw new AppError('TENANT_NOT_FOUND');
      const raw = (req.body && typeof req.body === 'object' ? req.body : {}) as Record<string, unknown>;
      const values: FormValues = Object.fromEntries(
        ['token', 'kind', 'name', 'email', 'phone', 'kvnr', 'ik', 'betriebsnummer', 'subject', 'text'].map(
          (k) => [k, str(raw[k])],
        ),
      );
      if (str(raw.website)) {
        // A bot filled the hidden field: answer politely, store nothing.
        return reply.type('text/html; charset=utf-8').send(formPage(tenant, {}, []));
      }
      const parsed = createConcernBody.safeParse({
        channel: 'web',
        sender: {
          kind: values.kind || undefined,
          name: optional(values.name ?? ''),
          email: optional(values.email ?? ''),
          phone: optional(values.phone ?? ''),
          kvnr: optional(values.kvnr ?? ''),
          ik: optional(values.ik ?? ''),
          betriebsnummer: optional(values.betriebsnummer ?? ''),
        },
        subject: values.subject,
        text: values.text,
      });
      let errors: FieldIssue[] = identifierErrors(values);
      if (!parsed.success) {
        errors = [
          ...parsed.error.issues.map((i) => {
            const field = i.path.join('.');
            return { field, message: FIELD_TEXT[field] ?? i.message };
          }),
          ...errors,
        ];
      } else if (errors.length === 0) {
        try {
          const token = /^[0-9a-f-]{36}$/.test(values.token ?? '') ? values.token : randomUUID();
          const result = await takeInConcern(
            deps.db,
            tenant,
            { ...parsed.data, receivedAt: undefined },
            {
              triage: deps.triage,
              actor: PUBLIC_ACTOR,
              idempotencyKey: `form:${token}`,
            },
          );
          return reply
            .type('text/html; charset=utf-8')
            .send(acknowledgement(tenant, result.reference, result.receivedAt));
        } catch (err) {
          if (err instanceof AppError && err.code === 'VALIDATION_FAILED' && err.fields) errors = err.fields;
          else throw err;
        }
      }
      return reply
        .code(400)
        .type('text/html; charset=utf-8')
        .send(formPage(tenant, values, dedupe(errors)));
    },
  );
}

/** Identifier problems, so the form reports them together with every other field at once. */
function identifierErrors(values: FormValues): FieldIssue[] {
  try {
    validateIdentifiers({
      kind: 'insured',
      kvnr: optional(values.kvnr ?? ''),
      ik: optional(values.ik ?? ''),
      betriebsnummer: optional(values.betriebsnummer ?? ''),
    });
    return [];
  } catch (err) {
    if (err instanceof AppError && err.fields) return err.fields;
    throw err;
  }
}

function dedupe(errors: FieldIssue[]): FieldIssue[] {
  const seen = new Set<string>();
  return errors.filter((e) => (seen.has(e.field) ? false : (seen.add(e.field), true)));
}
