import { Link } from "expo-router";
import { Pressable, Text, View } from "react-native";
import { useAuth } from "../../auth/AuthProvider";
import { Button } from "../../components/Button";
import { Screen, Section } from "../../components/Screen";
import { SignInPrompt } from "../../components/SignInPrompt";
import { Loading, Notice } from "../../components/States";
import { Body, Heading } from "../../components/Text";
import { useTheme } from "../../theme/theme";
import { TopBar } from "../catalog/HomeScreen";
import { QUESTIONNAIRES } from "../taste/questionnaires";
import { useState } from "react";

function Row({ label, detail, href }: { label: string; detail?: string; href: Parameters<typeof Link>[0]["href"] }) {
  const t = useTheme();
  return (
    <Link href={href} asChild>
      <Pressable role="link" accessibilityLabel={detail ? `${label}: ${detail}` : label} style={{ paddingVertical: 14, borderBottomWidth: 1, borderBottomColor: t.line, flexDirection: "row", alignItems: "center" }}>
        <View style={{ flex: 1 }}>
          <Text style={{ color: t.ink, fontSize: 16, fontWeight: "600" }}>{label}</Text>
          {detail ? <Text style={{ color: t.inkSoft, fontSize: 14 }}>{detail}</Text> : null}
        </View>
        <Text aria-hidden style={{ color: t.inkSoft, fontSize: 20 }}>›</Text>
      </Pressable>
    </Link>
  );
}

/** The shopper's account: orders, notification preferences, two-step sign-in, taste
 * questionnaires, sign-out. Guests: sign in or join. */
export function AccountScreen() {
  const auth = useAuth();
  const [leaving, setLeaving] = useState(false);
  return (
    <View style={{ flex: 1 }}>
      <TopBar />
      <Screen label="Account">
        {auth.status === "restoring" ? <Loading /> : null}
        {auth.status === "signed-out" ? (
          <>
            <Heading level={1}>Your account</Heading>
            <SignInPrompt title="Sign in or join" reason="See your orders, tune your picks and get word when your order ships." />
          </>
        ) : null}
        {auth.status === "signed-in" ? (
          <>
            <Heading level={1}>{auth.me ? `Hello, ${auth.me.display_name}` : "Hello"}</Heading>
            {auth.me ? <Body muted>{auth.me.email}</Body> : null}
            {auth.me && !auth.me.email_verified ? <Notice tone="warning">Confirm your e-mail address with the link we sent you.</Notice> : null}
            <Section gap={0}>
              <Row label="Your orders" href="/orders" />
              <Row label="Notifications" detail="E-mail, SMS and push" href="/account/preferences" />
              <Row label="Two-step sign-in" detail={auth.me?.mfa_enabled ? "On" : "Off"} href="/account/mfa" />
            </Section>
            <Section gap={0}>
              <Heading level={2}>Your taste</Heading>
              {QUESTIONNAIRES.map((q) => (
                <Row key={q.key} label={q.title} detail={q.blurb} href={{ pathname: "/taste/[key]", params: { key: q.key } }} />
              ))}
            </Section>
            <Section>
              <Button kind="secondary" label="Sign out" busy={leaving} onPress={() => { setLeaving(true); void auth.signOut().finally(() => setLeaving(false)); }} />
            </Section>
          </>
        ) : null}
      </Screen>
    </View>
  );
}
