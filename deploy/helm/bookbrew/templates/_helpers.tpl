{{/*
Helpers. Per-service helpers take a dict: root (the top-level context), name (the
`services` key, e.g. bff_web) and svc (its values).
*/}}

{{- define "bookbrew.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "bookbrew.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "bookbrew.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "bookbrew.labels" -}}
helm.sh/chart: {{ include "bookbrew.chart" . }}
app.kubernetes.io/name: {{ include "bookbrew.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: bookbrew
{{- end }}

{{- define "bookbrew.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}

{{/* Kubernetes names allow no underscores: bff_web -> bff-web. */}}
{{- define "bookbrew.component" -}}
{{- .name | replace "_" "-" }}
{{- end }}

{{/* Deployment, Service, ConfigMap, HPA and PDB name of one service: <fullname>-<component>. */}}
{{- define "bookbrew.serviceName" -}}
{{- printf "%s-%s" (include "bookbrew.fullname" .root) (include "bookbrew.component" .) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "bookbrew.serviceLabels" -}}
{{ include "bookbrew.labels" .root }}
app.kubernetes.io/component: {{ include "bookbrew.component" . }}
{{- end }}

{{/* Immutable selector: never add labels here that can change between releases. */}}
{{- define "bookbrew.selectorLabels" -}}
app.kubernetes.io/name: {{ include "bookbrew.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ include "bookbrew.component" . }}
{{- end }}

{{- define "bookbrew.envPrefix" -}}
{{- printf "BOOKBREW_%s_" (upper .name) }}
{{- end }}

{{/*
The shop's public base URL (values.yaml `publicUrl`, else derived from the Ingress host
and TLS), without a trailing slash.
*/}}
{{- define "bookbrew.publicUrl" -}}
{{- if .Values.publicUrl }}
{{- .Values.publicUrl | trimSuffix "/" }}
{{- else if .Values.ingress.host }}
{{- $scheme := "http" }}
{{- range .Values.ingress.tls }}
{{- if has $.Values.ingress.host (.hosts | default list) }}
{{- $scheme = "https" }}
{{- end }}
{{- end }}
{{- printf "%s://%s" $scheme .Values.ingress.host }}
{{- else }}
{{- "http://localhost:8000" }}
{{- end }}
{{- end }}

{{/* Where browsers reach the identity service: the public URL plus identity.publicPath. */}}
{{- define "bookbrew.identityPublicUrl" -}}
{{- printf "%s/%s" (include "bookbrew.publicUrl" .) (.Values.identity.publicPath | trimAll "/") }}
{{- end }}

{{- define "bookbrew.secretName" -}}
{{- default (include "bookbrew.serviceName" .) .svc.secretName }}
{{- end }}

{{/*
Non-secret settings of one service as a YAML map (the ConfigMap's data; the migrate
Job reads it back with fromYaml). Later entries win: defaults, then global.env, then
the service's own env.
*/}}
{{- define "bookbrew.serviceEnv" -}}
{{- $root := .root }}
{{- $p := include "bookbrew.envPrefix" . }}
{{- $env := dict }}
{{- $_ := set $env (printf "%sENVIRONMENT" $p) $root.Values.global.environment }}
{{- $_ := set $env (printf "%sLOG_LEVEL" $p) $root.Values.global.logLevel }}
{{- /* Prometheus scrapes its own port; the service port answers /metrics with 404. */}}
{{- $_ := set $env (printf "%sMETRICS_PORT" $p) (toString $root.Values.metrics.port) }}
{{- if $root.Values.global.otlpEndpoint }}
{{- $_ := set $env (printf "%sOTEL_EXPORTER" $p) "otlp" }}
{{- $_ := set $env "OTEL_EXPORTER_OTLP_ENDPOINT" $root.Values.global.otlpEndpoint }}
{{- $_ := set $env "OTEL_EXPORTER_OTLP_PROTOCOL" "http/protobuf" }}
{{- else }}
{{- $_ := set $env (printf "%sOTEL_EXPORTER" $p) "none" }}
{{- end }}
{{- range $callee := .svc.calls }}
{{- $target := index $root.Values.services $callee | default dict }}
{{- if not $target.enabled }}
{{- fail (printf "services.%s calls %s, which is not an enabled service" $.name $callee) }}
{{- end }}
{{- $host := include "bookbrew.serviceName" (dict "root" $root "name" $callee "svc" $target) }}
{{- $_ := set $env (printf "%s%s_URL" $p (upper $callee)) (printf "http://%s:%v" $host $target.port) }}
{{- end }}
{{- $identity := index $root.Values.services $root.Values.identity.service | default dict }}
{{- if and $identity.enabled (ne .name $root.Values.identity.service) }}
{{- $host := include "bookbrew.serviceName" (dict "root" $root "name" $root.Values.identity.service "svc" $identity) }}
{{- $_ := set $env (printf "%sJWKS_URL" $p) (printf "http://%s:%v%s" $host $identity.port $root.Values.identity.jwksPath) }}
{{- end }}
{{- /* Public addresses (sign-in, links): one base URL, the same for every service. */}}
{{- $public := include "bookbrew.publicUrl" $root }}
{{- $identityPublic := include "bookbrew.identityPublicUrl" $root }}
{{- if eq .name "bff_web" }}
{{- $_ := set $env (printf "%sPUBLIC_URL" $p) $public }}
{{- $_ := set $env (printf "%sIDENTITY_PUBLIC_URL" $p) $identityPublic }}
{{- if hasPrefix "https://" $public }}
{{- $_ := set $env (printf "%sSESSION_COOKIE_SECURE" $p) "true" }}
{{- end }}
{{- end }}
{{- if eq .name "bff_mobile" }}
{{- $_ := set $env (printf "%sIDENTITY_PUBLIC_URL" $p) $identityPublic }}
{{- end }}
{{- if eq .name $root.Values.identity.service }}
{{- $_ := set $env (printf "%sPUBLIC_URL" $p) $identityPublic }}
{{- $_ := set $env (printf "%sWEB_REDIRECT_URIS" $p) (list (printf "%s/auth/callback" $public) | toJson) }}
{{- $_ := set $env (printf "%sVERIFICATION_URL_BASE" $p) (printf "%s/verify-email" $public) }}
{{- end }}
{{- if eq .name "notifications" }}
{{- $_ := set $env (printf "%sSHOP_URL" $p) $public }}
{{- end }}
{{- if and $root.Values.trustedProxies (has .name (list "bff_web" "bff_mobile" $root.Values.identity.service)) }}
{{- $_ := set $env "FORWARDED_ALLOW_IPS" (toString $root.Values.trustedProxies) }}
{{- end }}
{{- range $k, $v := $root.Values.global.env }}
{{- $_ := set $env (printf "%s%s" $p $k) (toString $v) }}
{{- end }}
{{- range $k, $v := .svc.env }}
{{- $_ := set $env (printf "%s%s" $p $k) (toString $v) }}
{{- end }}
{{- toYaml $env }}
{{- end }}

{{/* env entries for one service's secret settings, each read from its Secret. */}}
{{- define "bookbrew.secretEnv" -}}
{{- $p := include "bookbrew.envPrefix" . }}
{{- $secret := include "bookbrew.secretName" . }}
{{- range $key := .svc.secretEnv }}
- name: {{ printf "%s%s" $p $key }}
  valueFrom:
    secretKeyRef:
      name: {{ $secret }}
      key: {{ printf "%s%s" $p $key }}
{{- end }}
{{- end }}

{{/* A per-service setting, or its serviceDefaults value when the service sets none. */}}
{{- define "bookbrew.setting" -}}
{{- $value := index .ctx.svc .key }}
{{- if kindIs "invalid" $value }}
{{- $value = index .ctx.root.Values.serviceDefaults .key }}
{{- end }}
{{- toYaml $value }}
{{- end }}
