import { router } from "expo-router";
import * as WebBrowser from "expo-web-browser";
import { useEffect, useState } from "react";
import { Platform } from "react-native";
import { Screen } from "../../src/components/Screen";
import { Loading } from "../../src/components/States";
import { Body, Heading } from "../../src/components/Text";

/** Where the identity service sends the browser back (`bookbrew://auth/callback`, or
 * `/m/auth/callback` on the web build). On the web this page runs in the sign-in popup:
 * it hands its URL (the code) to the app window that opened it, which closes it. On a
 * phone expo-auth-session already has the code; this screen just goes home. */
export default function AuthCallback() {
  const [stray, setStray] = useState(false);
  useEffect(() => {
    const result = WebBrowser.maybeCompleteAuthSession();
    if (Platform.OS !== "web" || result.type === "failed") {
      setStray(true);
      const timer = setTimeout(() => router.replace("/"), 1500);
      return () => clearTimeout(timer);
    }
    return undefined;
  }, []);
  return (
    <Screen>
      <Heading level={1}>{stray ? "You’re back" : "Signing you in…"}</Heading>
      {stray ? <Body>Taking you to the shop.</Body> : <Loading label="Finishing sign-in…" />}
    </Screen>
  );
}
