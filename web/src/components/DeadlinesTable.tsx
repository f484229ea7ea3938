import type { Deadline } from '../api.js';
import { formatDateTime, formatIsoDate } from '../time.js';
import { DueText } from './DueText.js';

/** The legal clocks running for this concern, earliest first as the server sends them. */
export function DeadlinesTable({ deadlines }: { deadlines: Deadline[] }) {
  return (
    <section className="panel" aria-labelledby="fristen-titel">
      <div className="panel__head">
        <h2 id="fristen-titel">Gesetzliche Fristen</h2>
      </div>
      {deadlines.length === 0 ? (
        <p className="muted" style={{ margin: 0 }}>
          Für dieses Thema läuft keine gesetzliche Entscheidungsfrist.
        </p>
      ) : (
        <div className="table-wrap">
          <table className="data compact">
            <caption className="visually-hidden">Gesetzliche Fristen</caption>
            <thead>
              <tr>
                <th scope="col" style={{ width: '26%' }}>
                  Frist und Rechtsgrundlage
                </th>
                <th scope="col" style={{ width: '20%' }}>
                  Beginn
                </th>
                <th scope="col" style={{ width: '14%' }}>
                  Fällig am
                </th>
                <th scope="col" style={{ width: '14%' }}>
                  Zwischen&shy;nachricht bis
                </th>
                <th scope="col">Folge bei Versäumnis</th>
              </tr>
            </thead>
            <tbody>
              {deadlines.map((d, i) => (
                <tr key={`${d.kind}-${i}`}>
                  <th scope="row" style={{ fontWeight: 600 }}>
                    {d.label}
                    <span className="sub">Dauer: {d.length}</span>
                    <span className="sub">{d.legalBasis}</span>
                  </th>
                  <td>{d.startedBy}</td>
                  <td>
                    <DueText dueAt={d.dueAt} />
                    <span className="visually-hidden">Kalendertag {formatIsoDate(d.dueDate)}</span>
                  </td>
                  <td>
                    {d.interimNoticeBy ? (
                      formatDateTime(d.interimNoticeBy)
                    ) : (
                      <span className="muted">nicht vorgesehen</span>
                    )}
                  </td>
                  <td>{d.consequence}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
