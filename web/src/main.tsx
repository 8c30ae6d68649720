import { StrictMode, lazy } from "react";
import { createRoot } from "react-dom/client";
import { BrowserRouter, Route, Routes } from "react-router";
import "@fontsource-variable/fraunces/index.css";
import "@fontsource-variable/source-sans-3/index.css";
import "./styles.css";
import { Layout } from "./components/Layout";
import { SessionProvider } from "./session";
import { CartProvider } from "./cart";

// Every page is its own chunk: a first visit downloads only the shell and that page.
const HomePage = lazy(() => import("./pages/HomePage"));
const CategoryPage = lazy(() => import("./pages/CategoryPage"));
const SearchPage = lazy(() => import("./pages/SearchPage"));
const ProductPage = lazy(() => import("./pages/ProductPage"));
const SignUpPage = lazy(() => import("./pages/SignUpPage"));
const VerifyEmailPage = lazy(() => import("./pages/VerifyEmailPage"));
const AccountPage = lazy(() => import("./pages/AccountPage"));
const MfaPage = lazy(() => import("./pages/MfaPage"));
const PreferencesPage = lazy(() => import("./pages/PreferencesPage"));
const TastePage = lazy(() => import("./pages/TastePage"));
const QuestionnairePage = lazy(() => import("./pages/QuestionnairePage"));
const CartPage = lazy(() => import("./pages/CartPage"));
const CheckoutPage = lazy(() => import("./pages/CheckoutPage"));
const ConfirmPaymentPage = lazy(() => import("./pages/ConfirmPaymentPage"));
const OrdersPage = lazy(() => import("./pages/OrdersPage"));
const OrderPage = lazy(() => import("./pages/OrderPage"));
const NotFoundPage = lazy(() => import("./pages/NotFoundPage"));
// Staff pages (and their charts) are one chunk of their own, never in a shopper's download.
const AdminApp = lazy(() => import("./pages/admin/AdminApp"));

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <BrowserRouter>
      <SessionProvider>
        <CartProvider>
        <Routes>
          <Route element={<Layout />}>
            <Route index element={<HomePage />} />
            <Route path="categories/:category" element={<CategoryPage />} />
            <Route path="search" element={<SearchPage />} />
            <Route path="products/:sku" element={<ProductPage />} />
            <Route path="sign-up" element={<SignUpPage />} />
            <Route path="verify-email" element={<VerifyEmailPage />} />
            <Route path="account" element={<AccountPage />} />
            <Route path="account/security" element={<MfaPage />} />
            <Route path="account/notifications" element={<PreferencesPage />} />
            <Route path="taste" element={<TastePage />} />
            <Route path="taste/:key" element={<QuestionnairePage />} />
            <Route path="cart" element={<CartPage />} />
            <Route path="checkout" element={<CheckoutPage />} />
            <Route path="checkout/confirm/:orderId" element={<ConfirmPaymentPage />} />
            <Route path="orders" element={<OrdersPage />} />
            <Route path="orders/:orderId" element={<OrderPage />} />
            <Route path="admin/*" element={<AdminApp />} />
            <Route path="*" element={<NotFoundPage />} />
          </Route>
        </Routes>
        </CartProvider>
      </SessionProvider>
    </BrowserRouter>
  </StrictMode>,
);
