import { Link } from "react-router";
import { problemFrom } from "../../api/problem";
import { PageHeading } from "../../components/PageHeading";
import { ProblemMessage } from "../../components/ProblemMessage";
import { humanize } from "../../lib/format";
import { useSession } from "../account/session";
import { useTasteProfile } from "./queries";
import { QUESTIONNAIRES } from "./questionnaires";

interface Signal {
  facet: string;
  value: string;
  weight: number;
}

function TasteProfile() {
  const query = useTasteProfile();
  const data = query.data;
  if (!data) {
    if (query.isError) return <ProblemMessage problem={problemFrom(query.error)} onRetry={() => void query.refetch()} compact />;
    return <p className="muted">Loading your taste profile…</p>;
  }
  const signals = (data.signals as unknown as Signal[]).filter((s) => s.weight > 0).slice(0, 12);
  if (!signals.length) return <p className="muted">Answer a questionnaire and what you like will show here.</p>;
  return (
    <section className="panel" aria-labelledby="profile-heading">
      <h2 id="profile-heading">What we know you like</h2>
      <ul className="tags">
        {signals.map((s) => (
          <li key={`${s.facet}:${s.value}`}>
            <span className="tag" title={humanize(s.facet)}>
              {s.value.replace(/-/g, " ")}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}

export default function TastePage() {
  const session = useSession();
  return (
    <div className="page">
      <header className="page-intro">
        <PageHeading title="Your taste" eyebrow="Your taste">
          Tell us what you love
        </PageHeading>
        <p className="page-intro__lede">
          Short questionnaires, one question at a time. Your answers are saved as you go, and you can change them
          whenever you like.
        </p>
      </header>
      {session.signedIn ? <TasteProfile /> : null}
      <ul className="quiz-list">
        {QUESTIONNAIRES.map((q, index) => (
          <li key={q.key}>
            <Link className={index === 0 ? "quiz quiz--primary" : `quiz quiz--${q.key}`} to={`/taste/${q.key}`}>
              <span className="quiz__title">{q.title}</span>
              <span className="quiz__blurb">{q.blurb}</span>
            </Link>
          </li>
        ))}
      </ul>
    </div>
  );
}
