import { useLocalSearchParams } from "expo-router";
import { useEffect, useRef } from "react";
import { View } from "react-native";
import { unwrap } from "../../api/client";
import { problemFrom } from "../../api/problem";
import { useServices } from "../../api/services";
import { useAuth } from "../../auth/AuthProvider";
import { useSignIn } from "../../auth/useSignIn";
import { Button, LinkButton } from "../../components/Button";
import { Screen } from "../../components/Screen";
import { Loading, ProblemView } from "../../components/States";
import { Body, Heading } from "../../components/Text";
import { useMutation } from "@tanstack/react-query";

/** The e-mailed link (`…/verify-email?token=…`, or `bookbrew://verify-email?token=…`)
 * confirms the address, then offers sign-in. */
export function VerifyEmailScreen() {
  const { token } = useLocalSearchParams<{ token?: string }>();
  const { api } = useServices();
  const auth = useAuth();
  const { signIn, ready, busy } = useSignIn();
  const verify = useMutation({
    mutationFn: async (value: string) => unwrap(await api.POST("/api/verify-email", { body: { token: value } })),
  });
  const sent = useRef(false);
  useEffect(() => {
    if (token && !sent.current) {
      sent.current = true;
      verify.mutate(token);
    }
  }, [token, verify]);

  const email = (verify.data as { email?: string } | undefined)?.email;
  return (
    <Screen label="Confirm your e-mail">
      {!token ? (
        <>
          <Heading level={1}>This link is incomplete</Heading>
          <Body>Open the link from the e-mail again, or ask for a new one when you join.</Body>
        </>
      ) : null}
      {verify.isPending ? <Loading label="Confirming your address…" /> : null}
      {verify.isError ? (
        <>
          <Heading level={1}>We couldn’t confirm that address</Heading>
          <ProblemView problem={problemFrom(verify.error)} />
          <LinkButton label="Join again" href="/sign-up" kind="secondary" />
        </>
      ) : null}
      {verify.isSuccess ? (
        <>
          <Heading level={1}>Your e-mail is confirmed</Heading>
          <Body>{email ? `${email} is confirmed. Sign in to start shopping.` : "Sign in to start shopping."}</Body>
          <View style={{ marginTop: 16 }}>
            {auth.status === "signed-in" ? <LinkButton label="Go to the shop" href="/" /> : <Button label="Sign in" onPress={() => void signIn()} disabled={!ready} busy={busy} />}
          </View>
        </>
      ) : null}
    </Screen>
  );
}
