import { Link } from "react-router";
import type { Schemas } from "../../api/client";
import { problemFrom } from "../../api/problem";
import { GridSkeleton } from "../../components/Loading";
import { PageHeading } from "../../components/PageHeading";
import { ProblemMessage } from "../../components/ProblemMessage";
import { CATEGORIES, categoryInfo } from "../../lib/categories";
import { useRecordInteraction } from "../../lib/interactions";
import { useSession } from "../account/session";
import { ProductCard } from "./ProductCard";
import { useHome } from "./queries";

function CategoryTiles() {
  return (
    <ul className="hero__tiles" aria-label="Shop by category">
      {CATEGORIES.map((c) => (
        <li key={c.key}>
          <Link className={`tile tile--${c.key}`} to={`/categories/${c.key}`}>
            <span className="tile__label">{c.label}</span>
            <span className="tile__strap">{c.strap}</span>
          </Link>
        </li>
      ))}
    </ul>
  );
}

type PicksData = NonNullable<Schemas["HomePage"]["picks"]>;

function Picks({ picks }: { picks: PicksData }) {
  const recordInteraction = useRecordInteraction();
  if (!picks.available || !picks.items.length) return null;
  return (
    <section className="shelf shelf--picks" aria-labelledby="picks-heading">
      <div className="shelf__head">
        <h2 id="picks-heading" className="section-title">
          Picked for you
        </h2>
        <Link className="shelf__all" to="/taste">
          Tune your taste<span aria-hidden="true"> →</span>
        </Link>
      </div>
      <ul className="shelf__row">
        {picks.items.map((pick) => (
          <li key={pick.sku}>
            <ProductCard
              product={{ ...pick, images: [pick.image] }}
              reason={pick.reason}
              onSelect={(sku) =>
                recordInteraction({
                  sku,
                  kind: "click",
                  source: "picks",
                  recommendation_id: picks.recommendation_id ?? null,
                  model_version: picks.model_version ?? null,
                })
              }
            />
          </li>
        ))}
      </ul>
    </section>
  );
}

export default function HomePage() {
  const home = useHome();
  const session = useSession();
  const data = home.data;

  return (
    <div className="page page--home">
      {session.signedIn ? (
        <section className="hero hero--welcome" aria-labelledby="home-heading">
          <div className="hero__text">
            <PageHeading title="Curated for you">
              <span id="home-heading">Welcome back, {session.customer?.display_name}.</span>
            </PageHeading>
            <p className="hero__lede">Fresh picks for your taste, and the shop’s best sellers on every shelf.</p>
          </div>
          <CategoryTiles />
        </section>
      ) : (
        <section className="hero" aria-labelledby="home-heading">
          <div className="hero__text">
            <p className="eyebrow">Books · Perfume · Coffee · Beverages</p>
            <PageHeading title="Curated for you">
              <span id="home-heading">Good taste, curated for yours.</span>
            </PageHeading>
            <p className="hero__lede">
              Tell us what you love to read, wear and sip. We’ll fill these shelves with things chosen for
              you, and tell you why.
            </p>
            <div className="hero__actions">
              <Link className="button" to="/taste/general">
                Take the taste quiz
              </Link>
              <a className="button button--secondary" href="#shelves">
                Browse the shelves
              </a>
            </div>
          </div>
          <CategoryTiles />
        </section>
      )}

      {data?.picks ? <Picks picks={data.picks} /> : null}
      {data && session.signedIn && data.picks?.available && !data.picks.items.length ? (
        <aside className="notice notice--invite">
          <p>
            <strong>Your picks will appear here.</strong> Answer a few questions and we’ll curate these shelves for you.
          </p>
          <Link className="button button--small" to="/taste/general">
            Take the taste quiz
          </Link>
        </aside>
      ) : null}

      <div id="shelves" className="shelves">
        {home.isPending ? (
          <section className="shelf">
            <h2 className="section-title">Best sellers</h2>
            <GridSkeleton count={4} />
          </section>
        ) : null}
        {home.isError && !data ? <ProblemMessage problem={problemFrom(home.error)} onRetry={() => void home.refetch()} /> : null}
        {data
          ? data.sections.map((section) => {
              const info = categoryInfo(section.category);
              const headingId = `shelf-${section.category}`;
              return (
                <section key={section.category} className={`shelf theme--${section.category}`} aria-labelledby={headingId}>
                  <div className="shelf__head">
                    <h2 id={headingId} className="section-title">
                      {section.title}
                    </h2>
                    <Link className="shelf__all" to={`/categories/${section.category}`}>
                      All {info?.label.toLowerCase() ?? section.category}
                      <span aria-hidden="true"> →</span>
                    </Link>
                  </div>
                  <ul className="shelf__row">
                    {section.items.map((p) => (
                      <li key={p.sku}>
                        <ProductCard product={p} />
                      </li>
                    ))}
                  </ul>
                </section>
              );
            })
          : null}
      </div>
    </div>
  );
}
