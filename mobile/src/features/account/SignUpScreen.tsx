import { useState } from "react";
import { View } from "react-native";
import { fieldErrors, problemFrom, type Problem } from "../../api/problem";
import { useServices } from "../../api/services";
import { useSignIn } from "../../auth/useSignIn";
import { Button } from "../../components/Button";
import { TextField } from "../../components/Field";
import { Panel, Screen } from "../../components/Screen";
import { Notice, ProblemView } from "../../components/States";
import { Body, Heading } from "../../components/Text";

interface Values {
  display_name: string;
  email: string;
  password: string;
}

export function validateSignUp(values: Values): Partial<Record<keyof Values, string>> {
  const errors: Partial<Record<keyof Values, string>> = {};
  if (!values.display_name.trim()) errors.display_name = "Tell us what to call you.";
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(values.email.trim())) errors.email = "Enter an e-mail address like name@example.com.";
  if (values.password.length < 10) errors.password = "Use at least 10 characters.";
  return errors;
}

/** Join: name, e-mail, password → `POST /api/register`; then "check your inbox", with a
 * resend (`POST /api/verify-email/resend`, the same answer whether the address exists). */
export function SignUpScreen() {
  const { api } = useServices();
  const { signIn, ready } = useSignIn();
  const [values, setValues] = useState<Values>({ display_name: "", email: "", password: "" });
  const [errors, setErrors] = useState<Partial<Record<keyof Values, string>>>({});
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);
  const [sentTo, setSentTo] = useState<string | null>(null);
  const [resent, setResent] = useState(false);
  const set = (field: keyof Values) => (value: string) => setValues((v) => ({ ...v, [field]: value }));

  const submit = async () => {
    const found = validateSignUp(values);
    setErrors(found);
    setProblem(null);
    if (Object.keys(found).length) return;
    setBusy(true);
    try {
      const email = values.email.trim();
      await api.POST("/api/register", { body: { display_name: values.display_name.trim(), email, password: values.password, marketing_consent: false, locale: "en" } });
      setSentTo(email);
    } catch (error) {
      const p = problemFrom(error);
      setProblem(p);
      setErrors(fieldErrors(p));
    } finally {
      setBusy(false);
    }
  };

  const resend = async () => {
    if (!sentTo) return;
    setBusy(true);
    try {
      await api.POST("/api/verify-email/resend", { body: { email: sentTo } });
      setResent(true);
    } catch (error) {
      setProblem(problemFrom(error));
    } finally {
      setBusy(false);
    }
  };

  if (sentTo) {
    return (
      <Screen label="Check your inbox">
        <Heading level={1}>Check your inbox</Heading>
        <Body>{`We sent a link to ${sentTo}. Open it on this phone to confirm your address, then sign in.`}</Body>
        {resent ? <Notice tone="success">Sent again. It can take a minute; look in spam too.</Notice> : null}
        <View style={{ gap: 10, marginTop: 16 }}>
          <Button kind="secondary" label="Send the e-mail again" onPress={() => void resend()} busy={busy} />
          <Button label="Sign in" onPress={() => void signIn()} disabled={!ready} />
        </View>
        {problem ? <ProblemView problem={problem} /> : null}
      </Screen>
    );
  }
  return (
    <Screen label="Create your account">
      <Heading level={1}>Create your account</Heading>
      <Body muted>Picks chosen for you, with the reason why; your orders and their news in one place.</Body>
      <Panel>
        <TextField label="What should we call you?" value={values.display_name} onChangeText={set("display_name")} error={errors.display_name} autoComplete="name" />
        <TextField label="E-mail" value={values.email} onChangeText={set("email")} error={errors.email} keyboardType="email-address" autoCapitalize="none" autoComplete="email" />
        <TextField label="Password" value={values.password} onChangeText={set("password")} error={errors.password} secureTextEntry autoComplete="new-password" help="At least 10 characters; a short sentence works well." />
        {problem && !Object.keys(errors).length ? <ProblemView problem={problem} /> : null}
        <Button label="Create account" onPress={() => void submit()} busy={busy} />
      </Panel>
    </Screen>
  );
}
