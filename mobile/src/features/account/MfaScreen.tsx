import { useQueryClient } from "@tanstack/react-query";
import QRCode from "qrcode";
import { useState } from "react";
import { Text, View } from "react-native";
import { SvgXml } from "react-native-svg";
import type { components } from "../../api/schema";
import { unwrap } from "../../api/client";
import { problemFrom, type Problem } from "../../api/problem";
import { useServices } from "../../api/services";
import { useAuth } from "../../auth/AuthProvider";
import { useSignIn } from "../../auth/useSignIn";
import { Button } from "../../components/Button";
import { TextField } from "../../components/Field";
import { Panel, Screen, Section } from "../../components/Screen";
import { SignInPrompt } from "../../components/SignInPrompt";
import { Notice, ProblemView } from "../../components/States";
import { Body, Heading } from "../../components/Text";
import { useTheme } from "../../theme/theme";

/** What BFF Mobile answers, with the `otpauth://` URI drawn as an SVG QR code here. */
type Enrollment = components["schemas"]["TotpEnrollment"] & { qr_svg: string };

const STEP_UP = new Set(["step-up-required", "reauthentication-required"]);

/** Two-step sign-in with an authenticator app: a QR code (and the secret to type), a
 * code to prove it works, then recovery codes shown once. Turning it off asks for the
 * second factor first when the identity service wants it. */
export function MfaScreen() {
  const t = useTheme();
  const auth = useAuth();
  const { api } = useServices();
  const queryClient = useQueryClient();
  const stepUp = useSignIn({ stepUp: true });
  const [enrollment, setEnrollment] = useState<Enrollment | null>(null);
  const [code, setCode] = useState("");
  const [codeError, setCodeError] = useState<string | null>(null);
  const [recovery, setRecovery] = useState<string[] | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);
  const enabled = auth.me?.mfa_enabled ?? false;
  const refreshMe = () => queryClient.invalidateQueries({ queryKey: ["get", "/api/me"] });

  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    setProblem(null);
    try {
      await work();
    } catch (error) {
      setProblem(problemFrom(error));
    } finally {
      setBusy(false);
    }
  };

  const start = () =>
    run(async () => {
      const started = unwrap(await api.POST("/api/me/mfa/totp"));
      const qr_svg = await QRCode.toString(started.provisioning_uri, { type: "svg", margin: 0, errorCorrectionLevel: "M" });
      setEnrollment({ ...started, qr_svg });
    });
  const confirm = () => {
    if (!/^\d{6}$/.test(code.trim())) {
      setCodeError("Enter the 6-digit code your app shows.");
      return;
    }
    setCodeError(null);
    return run(async () => {
      try {
        const answer = unwrap(await api.POST("/api/me/mfa/totp/confirm", { body: { code: code.trim() } })) as { recovery_codes?: string[] };
        setRecovery(answer.recovery_codes ?? []);
        setEnrollment(null);
        await refreshMe();
      } catch (error) {
        const p = problemFrom(error);
        if (p.status === 400 || p.status === 422) setCodeError("That code didn’t match; enter the one your app shows now.");
        else throw error;
      }
    });
  };
  const turnOff = () =>
    run(async () => {
      try {
        unwrap(await api.DELETE("/api/me/mfa/totp"));
      } catch (error) {
        const p = problemFrom(error);
        if (!STEP_UP.has(p.kind ?? "") || !(await stepUp.signIn())) throw error;
        unwrap(await api.DELETE("/api/me/mfa/totp"));
      }
      setRecovery(null);
      await refreshMe();
    });

  if (auth.status !== "signed-in") {
    return (
      <Screen>
        <Heading level={1}>Two-step sign-in</Heading>
        <SignInPrompt reason="Sign in to set up two-step sign-in." />
      </Screen>
    );
  }
  return (
    <Screen label="Two-step sign-in">
      <Heading level={1}>Two-step sign-in</Heading>
      <Body muted>A code from an authenticator app, asked for at sign-in and before payments your bank wants confirmed.</Body>
      {recovery ? (
        <Section>
          <Panel>
            <Heading level={2}>Two-step sign-in is on</Heading>
            <Body>Keep these recovery codes somewhere safe; each signs you in once if you lose your phone. They are shown only now.</Body>
            <View role="list" accessibilityLabel="Recovery codes" style={{ marginTop: 8, gap: 4 }}>
              {recovery.map((c) => (
                <Text role="listitem" key={c} selectable style={{ color: t.ink, fontFamily: "monospace", fontSize: 16 }}>
                  {c}
                </Text>
              ))}
            </View>
          </Panel>
        </Section>
      ) : null}
      {enabled && !recovery ? (
        <Section>
          <Notice tone="success">Two-step sign-in is on.</Notice>
          <Button kind="danger" label="Turn off two-step sign-in" onPress={() => void turnOff()} busy={busy || stepUp.busy} />
        </Section>
      ) : null}
      {!enabled && !enrollment && !recovery ? (
        <Section>
          <Button label="Set up an authenticator app" onPress={() => void start()} busy={busy} />
        </Section>
      ) : null}
      {enrollment ? (
        <Section>
          <Panel>
            <Heading level={2}>Scan this with your app</Heading>
            {enrollment.qr_svg ? (
              <View role="img" accessibilityLabel="QR code for your authenticator app" style={{ alignSelf: "center", backgroundColor: "#fff", padding: 10, borderRadius: 8, marginVertical: 8 }}>
                <SvgXml xml={enrollment.qr_svg} width={200} height={200} />
              </View>
            ) : null}
            <Body>Or type this key into the app:</Body>
            <Text testID="totp-secret" selectable style={{ color: t.ink, fontFamily: "monospace", fontSize: 16, marginVertical: 6 }}>
              {enrollment.secret}
            </Text>
            <TextField label="6-digit code" value={code} onChangeText={setCode} keyboardType="number-pad" maxLength={6} error={codeError} autoComplete="one-time-code" />
            <Button label="Turn on two-step sign-in" onPress={() => void confirm()} busy={busy} />
          </Panel>
        </Section>
      ) : null}
      {problem ? <ProblemView problem={problem} /> : null}
      {stepUp.problem ? <ProblemView problem={stepUp.problem} /> : null}
    </Screen>
  );
}
