import { forwardRef } from "react";
import { Pressable, Switch, Text, TextInput, View, type TextInputProps } from "react-native";
import { useTheme } from "../theme/theme";

export interface TextFieldProps extends Omit<TextInputProps, "style"> {
  label: string;
  error?: string | null;
  help?: string;
}

/** A labelled input; its error is read out with it (and shown under it). */
export const TextField = forwardRef<TextInput, TextFieldProps>(function TextField({ label, error, help, ...input }, ref) {
  const t = useTheme();
  return (
    <View style={{ marginBottom: 14 }}>
      <Text style={{ color: t.ink, fontWeight: "700", fontSize: 15, marginBottom: 6, fontFamily: t.sans }}>{label}</Text>
      <TextInput
        ref={ref}
        accessibilityLabel={label}
        aria-invalid={Boolean(error)}
        placeholderTextColor={t.inkSoft}
        style={{
          minHeight: 48,
          borderWidth: 1.5,
          borderColor: error ? t.danger : t.lineStrong,
          borderRadius: 10,
          paddingHorizontal: 12,
          fontSize: 16,
          color: t.ink,
          backgroundColor: t.card,
          fontFamily: t.sans,
        }}
        {...input}
      />
      {help && !error ? <Text style={{ color: t.inkSoft, fontSize: 14, marginTop: 4 }}>{help}</Text> : null}
      {error ? (
        <Text role="alert" style={{ color: t.danger, fontSize: 14, fontWeight: "600", marginTop: 4 }}>
          {error}
        </Text>
      ) : null}
    </View>
  );
});

/** One option of a choice: a checkbox (several) or a radio button (one). */
export function Choice({ label, checked, onToggle, kind, hint }: {
  label: string;
  checked: boolean;
  onToggle: () => void;
  kind: "checkbox" | "radio";
  hint?: string;
}) {
  const t = useTheme();
  return (
    <Pressable
      role={kind}
      aria-checked={checked}
      accessibilityState={{ checked }}
      accessibilityLabel={label}
      accessibilityHint={hint}
      onPress={onToggle}
      style={({ pressed }) => ({
        flexDirection: "row",
        alignItems: "center",
        gap: 12,
        minHeight: 52,
        paddingHorizontal: 14,
        paddingVertical: 10,
        marginBottom: 8,
        borderRadius: 12,
        borderWidth: 1.5,
        borderColor: checked ? t.accent : t.line,
        backgroundColor: checked ? t.accentTint : t.card,
        opacity: pressed ? 0.85 : 1,
      })}
    >
      <View
        style={{
          width: 22,
          height: 22,
          borderRadius: kind === "radio" ? 11 : 6,
          borderWidth: 2,
          borderColor: checked ? t.accent : t.lineStrong,
          backgroundColor: checked ? t.accent : "transparent",
          alignItems: "center",
          justifyContent: "center",
        }}
      >
        {checked ? <Text style={{ color: t.accentInk, fontSize: 13, fontWeight: "900" }}>{kind === "radio" ? "●" : "✓"}</Text> : null}
      </View>
      <Text style={{ flex: 1, color: t.ink, fontSize: 16, fontFamily: t.sans }}>{label}</Text>
    </Pressable>
  );
}

/** A chip that is on or off (facet filters). */
export function Chip({ label, selected, onPress, count }: { label: string; selected: boolean; onPress: () => void; count?: number }) {
  const t = useTheme();
  return (
    <Pressable
      role="checkbox"
      aria-checked={selected}
      accessibilityState={{ checked: selected }}
      accessibilityLabel={count === undefined ? label : `${label}, ${count}`}
      onPress={onPress}
      style={{
        minHeight: 40,
        paddingHorizontal: 14,
        justifyContent: "center",
        borderRadius: 999,
        borderWidth: 1.5,
        borderColor: selected ? t.accent : t.line,
        backgroundColor: selected ? t.accent : t.card,
        marginRight: 8,
        marginBottom: 8,
      }}
    >
      <Text style={{ color: selected ? t.accentInk : t.ink, fontSize: 15, fontWeight: "600" }}>
        {label}
        {count === undefined ? "" : ` · ${count}`}
      </Text>
    </Pressable>
  );
}

export function SwitchRow({ label, value, onChange, disabled, help }: {
  label: string;
  value: boolean;
  onChange: (value: boolean) => void;
  disabled?: boolean;
  help?: string;
}) {
  const t = useTheme();
  return (
    <View style={{ flexDirection: "row", alignItems: "center", minHeight: 52, gap: 12, paddingVertical: 6 }}>
      <View style={{ flex: 1 }}>
        <Text style={{ color: t.ink, fontSize: 16, fontFamily: t.sans }}>{label}</Text>
        {help ? <Text style={{ color: t.inkSoft, fontSize: 14 }}>{help}</Text> : null}
      </View>
      <Switch
        // The switch role is the component's own (react-native-web names its input so);
        // another on the wrapper would announce two switches.
        accessibilityLabel={label}
        value={value}
        onValueChange={onChange}
        disabled={disabled}
        trackColor={{ true: t.accent, false: t.lineStrong }}
        thumbColor={t.card}
      />
    </View>
  );
}
