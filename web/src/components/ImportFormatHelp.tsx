/** What a legacy file must look like: the columns the server reads, date formats, and two short examples. */
import { IMPORT_MEDIA_TYPE } from '../api.js';
import { EXAMPLE_CSV, EXAMPLE_JSONL, exampleHref, IMPORT_COLUMNS } from '../imports.js';

export function ImportFormatHelp() {
  return (
    <section className="panel import-help" aria-labelledby="import-aufbau-titel">
      <h2 id="import-aufbau-titel">Aufbau der Datei</h2>
      <p>
        Eine Zeile je Anliegen. <strong>CSV</strong> mit Kopfzeile, getrennt durch Semikolon oder Komma, in
        UTF-8; Texte mit Zeilenumbrüchen oder Trennzeichen stehen in Anführungszeichen.{' '}
        <strong>JSON Lines</strong>: ein JSON-Objekt je Zeile mit denselben Feldnamen. Groß- und
        Kleinschreibung der Spaltennamen spielt keine Rolle, weitere Spalten werden nicht übernommen.
      </p>
      <div className="table-wrap">
        <table className="data compact import-columns">
          <caption className="visually-hidden">Spalten der Importdatei</caption>
          <thead>
            <tr>
              <th scope="col">Spalte</th>
              <th scope="col">Bedeutung</th>
            </tr>
          </thead>
          <tbody>
            {IMPORT_COLUMNS.map((c) => (
              <tr key={c.name}>
                <th scope="row">
                  <code>{c.name}</code>
                  <span className="sub">{c.required ? 'Pflicht' : 'optional'}</span>
                </th>
                <td>{c.meaning}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h3 className="import-help__example">Beispiel (CSV)</h3>
      <pre className="import-example">{EXAMPLE_CSV}</pre>
      <details className="import-help__more">
        <summary>Beispiel als JSON Lines</summary>
        <pre className="import-example">{EXAMPLE_JSONL}</pre>
      </details>
      <p className="import-help__downloads">
        Beispieldatei herunterladen:{' '}
        <a href={exampleHref(EXAMPLE_CSV, IMPORT_MEDIA_TYPE.csv)} download="beispiel-altbestand.csv">
          CSV
        </a>{' '}
        ·{' '}
        <a href={exampleHref(EXAMPLE_JSONL, IMPORT_MEDIA_TYPE.jsonl)} download="beispiel-altbestand.jsonl">
          JSON Lines
        </a>
      </p>
    </section>
  );
}
