import { PersistQueryClientProvider } from "@tanstack/react-query-persist-client";
import { Stack } from "expo-router";
import { StatusBar } from "expo-status-bar";
import { useEffect, useState } from "react";
import { createServices, ServicesProvider } from "../src/api/services";
import { AuthProvider } from "../src/auth/AuthProvider";
import { loadDeviceId } from "../src/lib/device";
import { showNotificationsInForeground } from "../src/lib/push";
import { createQueryClient, persistOptions, wireNetworkAndFocus } from "../src/lib/queryClient";
import { useTheme } from "../src/theme/theme";

/** The app: BFF Mobile's client and session, TanStack Query with the last home and
 * listings kept on the device, the signed-in shopper, then the screens. */
export default function RootLayout() {
  const [services] = useState(() => createServices());
  const [queryClient] = useState(createQueryClient);
  const [ready, setReady] = useState(false);
  const t = useTheme();

  useEffect(() => {
    wireNetworkAndFocus();
    showNotificationsInForeground();
    void loadDeviceId()
      .catch(() => undefined)
      .finally(() => setReady(true));
  }, []);

  if (!ready) return null;
  return (
    <PersistQueryClientProvider client={queryClient} persistOptions={persistOptions}>
      <ServicesProvider services={services}>
        <AuthProvider>
          <StatusBar style={t.dark ? "light" : "dark"} />
          <Stack
            screenOptions={{
              headerStyle: { backgroundColor: t.paper },
              headerTintColor: t.accent,
              headerTitleStyle: { fontFamily: t.serif, color: t.ink },
              headerShadowVisible: false,
              contentStyle: { backgroundColor: t.paper },
              headerBackButtonDisplayMode: "minimal",
            }}
          >
            <Stack.Screen name="(tabs)" options={{ headerShown: false, title: "BookBrew" }} />
            <Stack.Screen name="products/[sku]" options={{ title: "Product" }} />
            <Stack.Screen name="categories/[category]" options={{ title: "Shop" }} />
            <Stack.Screen name="taste/[key]" options={{ title: "Your taste" }} />
            <Stack.Screen name="checkout" options={{ title: "Checkout" }} />
            <Stack.Screen name="orders/index" options={{ title: "Your orders" }} />
            <Stack.Screen name="orders/[id]" options={{ title: "Order" }} />
            <Stack.Screen name="account/preferences" options={{ title: "Notifications" }} />
            <Stack.Screen name="account/mfa" options={{ title: "Two-step sign-in" }} />
            <Stack.Screen name="sign-up" options={{ title: "Join BookBrew" }} />
            <Stack.Screen name="verify-email" options={{ title: "Confirm your e-mail" }} />
            <Stack.Screen name="auth/callback" options={{ title: "Signing in", headerShown: false }} />
          </Stack>
        </AuthProvider>
      </ServicesProvider>
    </PersistQueryClientProvider>
  );
}
