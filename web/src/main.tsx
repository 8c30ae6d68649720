import { StrictMode, lazy } from "react";
import { createRoot } from "react-dom/client";
import { BrowserRouter, Route, Routes } from "react-router";
import { QueryClientProvider } from "@tanstack/react-query";
import "@fontsource-variable/fraunces/index.css";
import "@fontsource-variable/source-sans-3/index.css";
import "./styles.css";
import { Layout } from "./app/Layout";
import { createQueryClient } from "./app/queryClient";

// Every page is its own chunk: a first visit downloads only the shell and that page.
const HomePage = lazy(() => import("./features/catalog/HomePage"));
const CategoryPage = lazy(() => import("./features/catalog/CategoryPage"));
const SearchPage = lazy(() => import("./features/catalog/SearchPage"));
const ProductPage = lazy(() => import("./features/catalog/ProductPage"));
const SignUpPage = lazy(() => import("./features/account/SignUpPage"));
const VerifyEmailPage = lazy(() => import("./features/account/VerifyEmailPage"));
const AccountPage = lazy(() => import("./features/account/AccountPage"));
const MfaPage = lazy(() => import("./features/account/MfaPage"));
const PreferencesPage = lazy(() => import("./features/account/PreferencesPage"));
const TastePage = lazy(() => import("./features/taste/TastePage"));
const QuestionnairePage = lazy(() => import("./features/taste/QuestionnairePage"));
const CartPage = lazy(() => import("./features/cart/CartPage"));
const CheckoutPage = lazy(() => import("./features/checkout/CheckoutPage"));
const ConfirmPaymentPage = lazy(() => import("./features/checkout/ConfirmPaymentPage"));
const OrdersPage = lazy(() => import("./features/checkout/OrdersPage"));
const OrderPage = lazy(() => import("./features/checkout/OrderPage"));
const NotFoundPage = lazy(() => import("./components/NotFoundPage"));
// Staff pages (and their charts) are one chunk of their own, never in a shopper's download.
const AdminApp = lazy(() => import("./features/admin/AdminApp"));

const queryClient = createQueryClient();

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <BrowserRouter>
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
      </BrowserRouter>
    </QueryClientProvider>
  </StrictMode>,
);
