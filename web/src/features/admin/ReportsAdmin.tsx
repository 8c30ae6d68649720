import { useId, useState, type FormEvent } from "react";
import { Loading } from "../../components/Loading";
import { PageHeading } from "../../components/PageHeading";
import { ProblemMessage } from "../../components/ProblemMessage";
import { formatPrice } from "../../lib/format";
import { BarChart } from "./BarChart";
import { csvHref, lastDays, salesTotals } from "./adminLogic";
import { useReports, type ReportName as Name } from "./queries";
type Row = Record<string, unknown>;

const num = (row: Row, key: string) => Number(row[key] ?? 0);
const euros = (minor: number) => formatPrice(minor, "EUR").replace(/\.00$/, "");
const shortDay = (iso: string) => new Date(`${iso}T00:00:00Z`).toLocaleDateString("en-IE", { day: "numeric", month: "short", timeZone: "UTC" });

function Csv({ name, filters }: { name: Name; filters: Record<string, string | undefined> }) {
  return (
    <a className="button button--small button--secondary" href={csvHref(name, filters)} download>
      Download CSV<span className="visually-hidden"> of the {name.replace("-", " ")} report</span>
    </a>
  );
}

function Panel({ title, name, filters, children }: { title: string; name: Name; filters: Record<string, string | undefined>; children: React.ReactNode }) {
  const id = useId();
  return (
    <section className="report panel" aria-labelledby={id}>
      <div className="report__head">
        <h2 id={id} className="section-title">
          {title}
        </h2>
        <Csv name={name} filters={filters} />
      </div>
      {children}
    </section>
  );
}

export default function ReportsAdmin() {
  const id = useId();
  const initial = lastDays(30);
  const [range, setRange] = useState(initial);
  const [draft, setDraft] = useState(initial);
  const [granularity, setGranularity] = useState<"day" | "week" | "month">("day");
  const filters = { from: range.from, to: range.to };
  const state = useReports(filters, granularity);

  function apply(event: FormEvent) {
    event.preventDefault();
    if (draft.from && draft.to) setRange(draft);
  }

  const totals = state.data ? salesTotals(state.data.sales.rows as never) : null;
  return (
    <section aria-labelledby="admin-reports">
      <PageHeading title="Reports">
        <span id="admin-reports">Reports</span>
      </PageHeading>
      <form className="report-filters" onSubmit={apply}>
        <div className="field">
          <label htmlFor={`${id}-from`}>From</label>
          <input id={`${id}-from`} type="date" value={draft.from} onChange={(e) => setDraft((d) => ({ ...d, from: e.target.value }))} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-to`}>To</label>
          <input id={`${id}-to`} type="date" value={draft.to} onChange={(e) => setDraft((d) => ({ ...d, to: e.target.value }))} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-by`}>Sales by</label>
          <select id={`${id}-by`} value={granularity} onChange={(e) => setGranularity(e.target.value as typeof granularity)}>
            <option value="day">Day</option>
            <option value="week">Week</option>
            <option value="month">Month</option>
          </select>
        </div>
        <button type="submit" className="button button--small">
          Show
        </button>
      </form>
      {state.status === "loading" ? <Loading label="Loading reports…" /> : null}
      {state.problem ? <ProblemMessage problem={state.problem} onRetry={state.retry} /> : null}
      {state.data && totals ? (
        <div className="reports">
          <dl className="kpis" aria-label="Sales in this range">
            <div className="kpi">
              <dt>Revenue</dt>
              <dd>{euros(totals.revenue)}</dd>
            </div>
            <div className="kpi">
              <dt>Orders</dt>
              <dd>{totals.orders}</dd>
            </div>
            <div className="kpi">
              <dt>Average order</dt>
              <dd>{euros(totals.average)}</dd>
            </div>
            <div className="kpi">
              <dt>Units sold</dt>
              <dd>{totals.units}</dd>
            </div>
          </dl>
          <Panel title="Revenue" name="sales" filters={{ ...filters, granularity }}>
            <BarChart
              title={`Revenue by ${granularity}`}
              bars={state.data.sales.rows.map((r) => ({ label: shortDay(String(r.period)), value: num(r, "revenue_minor") }))}
              format={euros}
            />
          </Panel>
          <Panel title="Top products" name="top-products" filters={filters}>
            <BarChart
              title="Top products by revenue"
              horizontal
              bars={state.data.top.rows.map((r) => ({ label: String(r.name), value: num(r, "revenue_minor") }))}
              format={euros}
            />
          </Panel>
          <Panel title="Conversion funnel" name="funnel" filters={filters}>
            <BarChart
              title="Visitors at each step"
              horizontal
              bars={state.data.funnel.rows.map((r) => ({ label: String(r.step).replace(/_/g, " "), value: num(r, "visitors") }))}
              format={(v) => String(Math.round(v))}
            />
          </Panel>
          <Panel title="Curation performance" name="curation" filters={filters}>
            {state.data.curation.rows.length ? (
              <div className="table-wrap">
                <table className="admin-table">
                  <thead>
                    <tr>
                      <th scope="col">Model</th>
                      <th scope="col" className="num">Impressions</th>
                      <th scope="col" className="num">Clicks</th>
                      <th scope="col" className="num">CTR</th>
                      <th scope="col" className="num">Attributed revenue</th>
                    </tr>
                  </thead>
                  <tbody>
                    {state.data.curation.rows.map((r) => (
                      <tr key={String(r.model_version)}>
                        <th scope="row">{String(r.model_version)}</th>
                        <td className="num">{num(r, "impressions")}</td>
                        <td className="num">{num(r, "clicks")}</td>
                        <td className="num">{r.click_through_rate == null ? "—" : `${(num(r, "click_through_rate") * 100).toFixed(1)}%`}</td>
                        <td className="num">{euros(num(r, "attributed_revenue_minor"))}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            ) : (
              <p className="muted">No recommendations shown in this range yet.</p>
            )}
          </Panel>
          <Panel title="Low stock" name="low-stock" filters={filters}>
            {state.data.lowStock.rows.length ? (
              <ul className="low-stock">
                {state.data.lowStock.rows.slice(0, 10).map((r) => (
                  <li key={String(r.sku)}>
                    {String(r.name)} <span className="muted">{String(r.sku)}</span> — <strong>{num(r, "stock")} left</strong>
                  </li>
                ))}
              </ul>
            ) : (
              <p className="muted">Nothing is running low.</p>
            )}
          </Panel>
        </div>
      ) : null}
    </section>
  );
}
