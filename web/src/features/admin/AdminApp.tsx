import { NavLink, Route, Routes } from "react-router";
import { Loading } from "../../components/Loading";
import { PageHeading } from "../../components/PageHeading";
import { SignInPrompt } from "../../components/SignInPrompt";
import { NotFoundPage } from "../../components/NotFoundPage";
import { useSession } from "../account/session";
import ProductsAdmin from "./ProductsAdmin";
import ReportsAdmin from "./ReportsAdmin";
import OrdersAdmin from "./OrdersAdmin";
import QuestionnairesAdmin from "./QuestionnairesAdmin";

/** The staff area (admin role): one lazily loaded chunk with its charts. */
export default function AdminApp() {
  const session = useSession();
  if (session.status === "loading") return <Loading label="Loading…" />;
  if (!session.signedIn) {
    return (
      <div className="page page--narrow">
        <PageHeading title="Staff">Staff</PageHeading>
        <SignInPrompt reason="Sign in with a staff account." />
      </div>
    );
  }
  if (!session.customer?.roles.includes("admin")) {
    return (
      <div className="page page--narrow">
        <PageHeading title="Staff only">Staff only</PageHeading>
        <p>These pages are for the shop’s staff.</p>
      </div>
    );
  }
  return (
    <div className="page page--admin">
      <nav aria-label="Staff" className="admin-nav">
        <ul>
          <li>
            <NavLink end to="/admin">
              Products &amp; stock
            </NavLink>
          </li>
          <li>
            <NavLink to="/admin/reports">Reports</NavLink>
          </li>
          <li>
            <NavLink to="/admin/orders">Orders</NavLink>
          </li>
          <li>
            <NavLink to="/admin/questionnaires">Questionnaires</NavLink>
          </li>
        </ul>
      </nav>
      <Routes>
        <Route index element={<ProductsAdmin />} />
        <Route path="reports" element={<ReportsAdmin />} />
        <Route path="orders" element={<OrdersAdmin />} />
        <Route path="questionnaires" element={<QuestionnairesAdmin />} />
        <Route path="*" element={<NotFoundPage />} />
      </Routes>
    </div>
  );
}
