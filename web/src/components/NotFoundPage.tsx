import { Link } from "react-router";
import { PageHeading } from "./PageHeading";

export function NotFoundPage() {
  return (
    <div className="page page--narrow">
      <PageHeading title="Page not found">We couldn’t find that page</PageHeading>
      <p>The link may be old, or the page may have moved.</p>
      <p>
        <Link className="button" to="/">
          Back to the shop
        </Link>
      </p>
    </div>
  );
}

export default NotFoundPage;
