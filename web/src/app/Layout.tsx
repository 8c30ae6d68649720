import { Suspense, useEffect, useRef, useState, type FormEvent } from "react";
import { Link, NavLink, Outlet, useLocation, useNavigate, useSearchParams } from "react-router";
import { Loading } from "../components/Loading";
import { AccountMenu } from "../features/account/AccountMenu";
import { useSession } from "../features/account/session";
import { CartLink } from "../features/cart/CartLink";
import { CATEGORIES } from "../lib/categories";

const AUTH_ERRORS: Record<string, string> = {
  access_denied: "Sign-in was cancelled.",
  invalid_state: "That sign-in link expired or was opened in another browser. Please try again.",
  sign_in_failed: "We couldn’t sign you in. Please try again.",
  unavailable: "Sign-in is unavailable right now. Please try again in a moment.",
};

function SearchForm({ id }: { id: string }) {
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const location = useLocation();
  const current = location.pathname === "/search" ? (params.get("q") ?? "") : "";
  const [q, setQ] = useState(current);
  useEffect(() => setQ(current), [current]);
  function submit(event: FormEvent) {
    event.preventDefault();
    const words = q.trim();
    if (words) navigate(`/search?${new URLSearchParams({ q: words }).toString()}`);
  }
  return (
    <form role="search" className="search" onSubmit={submit}>
      <label htmlFor={id} className="visually-hidden">
        Search products
      </label>
      <input
        id={id}
        type="search"
        name="q"
        placeholder="Search books, scents, coffee…"
        value={q}
        onChange={(e) => setQ(e.target.value)}
        autoComplete="off"
        maxLength={200}
      />
      <button type="submit" className="search__button">
        <span className="visually-hidden">Search</span>
        <svg aria-hidden="true" viewBox="0 0 24 24" width="18" height="18">
          <circle cx="10.5" cy="10.5" r="6.5" fill="none" stroke="currentColor" strokeWidth="2" />
          <path d="M15.5 15.5 21 21" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
        </svg>
      </button>
    </form>
  );
}

function StaffNavLinks() {
  const session = useSession();
  return (
    <>
      {session.signedIn ? (
        <li>
          <NavLink to="/orders">Your orders</NavLink>
        </li>
      ) : null}
      {session.customer?.roles.includes("admin") ? (
        <li>
          <NavLink to="/admin">Staff</NavLink>
        </li>
      ) : null}
    </>
  );
}

export function Layout() {
  const location = useLocation();
  const [params, setParams] = useSearchParams();
  const first = useRef(true);
  const authError = params.get("auth_error");

  // Each navigation to another page starts at its top (PageHeading takes the focus).
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    if (!location.hash) window.scrollTo(0, 0);
  }, [location.pathname, location.hash]);

  function dismissAuthError() {
    const next = new URLSearchParams(params);
    next.delete("auth_error");
    setParams(next, { replace: true });
  }

  return (
    <div className="app">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="site-header">
        <div className="site-header__bar">
          <Link to="/" className="brand" aria-label="BookBrew, home">
            <span className="brand__mark" aria-hidden="true">
              B
            </span>
            <span className="brand__name">BookBrew</span>
          </Link>
          <div className="site-header__search">
            <SearchForm id="site-search" />
          </div>
          <div className="site-header__tools">
            <CartLink />
            <AccountMenu />
          </div>
        </div>
        <nav id="site-nav" aria-label="Categories" className="site-nav">
          <ul>
            {CATEGORIES.map((c) => (
              <li key={c.key}>
                <NavLink to={`/categories/${c.key}`}>{c.label}</NavLink>
              </li>
            ))}
            <li>
              <NavLink to="/taste">Your taste</NavLink>
            </li>
            <StaffNavLinks />
          </ul>
        </nav>
      </header>
      {authError ? (
        <div className="banner" role="alert">
          <p>{AUTH_ERRORS[authError] ?? "Sign-in didn’t complete. Please try again."}</p>
          <button type="button" className="link-button" onClick={dismissAuthError}>
            Dismiss
          </button>
        </div>
      ) : null}
      <main id="main" className="site-main">
        <Suspense fallback={<Loading label="Loading page…" />}>
          <Outlet />
        </Suspense>
      </main>
      <footer className="site-footer">
        <div className="site-footer__inner">
          <p className="site-footer__brand">BookBrew</p>
          <p>Books, perfume, coffee and things to pour, chosen for you. Prices include VAT.</p>
          <ul className="site-footer__links">
            {CATEGORIES.map((c) => (
              <li key={c.key}>
                <Link to={`/categories/${c.key}`}>{c.label}</Link>
              </li>
            ))}
          </ul>
        </div>
      </footer>
    </div>
  );
}
