{{/* Chart name, truncated to the 63 characters a label value may have. */}}
{{- define "otr.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Resource name prefix: <release>-otr, or the release name when it already contains the chart name. */}}
{{- define "otr.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* Name of one component's objects: <fullname>-<component>. Call with (dict "root" $ "component" "sequencer"). */}}
{{- define "otr.componentName" -}}
{{- printf "%s-%s" (include "otr.fullname" .root | trunc 52 | trimSuffix "-") .component -}}
{{- end -}}

{{/* Labels that select a release's pods (stable across upgrades). */}}
{{- define "otr.selectorLabels" -}}
app.kubernetes.io/name: {{ include "otr.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{/* Labels on every object of the release. */}}
{{- define "otr.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "otr.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: otr
{{- with .Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{/* Selector labels of one component. Call with (dict "root" $ "component" "sequencer"). */}}
{{- define "otr.componentSelectorLabels" -}}
{{ include "otr.selectorLabels" .root }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{/* All labels of one component's objects. Call with (dict "root" $ "component" "sequencer"). */}}
{{- define "otr.componentLabels" -}}
{{ include "otr.labels" .root }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{/* Image reference <registry>/<repository>:<tag>. Call with (dict "root" $ "image" .Values.sequencer.image). */}}
{{- define "otr.image" -}}
{{- $tag := .image.tag | default .root.Values.image.tag | default .root.Chart.AppVersion -}}
{{- if .root.Values.image.registry -}}
{{- printf "%s/%s:%s" (trimSuffix "/" .root.Values.image.registry) .image.repository $tag -}}
{{- else -}}
{{- printf "%s:%s" .image.repository $tag -}}
{{- end -}}
{{- end -}}

{{/* Name of the routes ConfigMap the operator writes and the sequencer mounts. */}}
{{- define "otr.routesConfigMap" -}}
{{- .Values.operator.routesConfigMap | default (printf "%s-routes" (include "otr.fullname" .)) -}}
{{- end -}}

{{/* Name of the attestation policies ConfigMap the operator writes and the committee mounts. */}}
{{- define "otr.policiesConfigMap" -}}
{{- .Values.committee.policiesConfigMap | default (printf "%s-attestation-policies" (include "otr.fullname" .)) -}}
{{- end -}}

{{/* In-cluster URL of the sequencer. */}}
{{- define "otr.sequencerUrl" -}}
{{- printf "http://%s.%s.svc:%d" (include "otr.componentName" (dict "root" . "component" "sequencer")) .Release.Namespace (int .Values.sequencer.service.port) -}}
{{- end -}}

{{/* Pod-level security context of the restricted Pod Security Standard. */}}
{{- define "otr.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: {{ .Values.pod.runAsUser }}
runAsGroup: {{ .Values.pod.runAsGroup }}
fsGroup: {{ .Values.pod.fsGroup }}
fsGroupChangePolicy: OnRootMismatch
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{/* Container security context of the restricted Pod Security Standard, with a read-only root filesystem. */}}
{{- define "otr.containerSecurityContext" -}}
runAsNonRoot: true
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
privileged: false
capabilities:
  drop:
    - ALL
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{/* The HTTP port and the probes every OTR service shares (/healthz liveness, /readyz readiness). */}}
{{- define "otr.httpPortAndProbes" -}}
ports:
  - name: http
    containerPort: 8080
    protocol: TCP
startupProbe:
  httpGet:
    path: /healthz
    port: http
  periodSeconds: 5
  failureThreshold: 60
livenessProbe:
  httpGet:
    path: /healthz
    port: http
  periodSeconds: 10
  timeoutSeconds: 3
  failureThreshold: 3
readinessProbe:
  httpGet:
    path: /readyz
    port: http
  periodSeconds: 5
  timeoutSeconds: 3
  failureThreshold: 3
{{- end -}}

{{/* Environment every OTR .NET service shares. */}}
{{- define "otr.commonEnv" -}}
- name: ASPNETCORE_HTTP_PORTS
  value: "8080"
- name: DOTNET_gcServer
  value: "0"
- name: TMPDIR
  value: /tmp
{{- if .Values.pod.otlpEndpoint }}
- name: OTEL_EXPORTER_OTLP_ENDPOINT
  value: {{ .Values.pod.otlpEndpoint | quote }}
{{- end }}
{{- end -}}

{{/* Pod spec fields shared by every component. Call with (dict "root" $ "values" .Values.sequencer). */}}
{{- define "otr.podCommon" -}}
{{- with .root.Values.image.pullSecrets }}
imagePullSecrets:
  {{- range . }}
  - name: {{ . }}
  {{- end }}
{{- end }}
securityContext:
  {{- include "otr.podSecurityContext" .root | nindent 2 }}
{{- with .values.nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .values.tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .values.affinity }}
affinity:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end -}}

{{/* The /tmp emptyDir volume (the root filesystem is read-only). */}}
{{- define "otr.tmpVolume" -}}
- name: tmp
  emptyDir:
    sizeLimit: {{ .Values.pod.tmpSizeLimit }}
{{- end -}}

{{/* One egress rule from a {to: [peers], ports: [numbers]} value. Call with (dict "comment" "..." "rule" $rule). */}}
{{- define "otr.egressRule" -}}
# {{ .comment }}
- to:
    {{- toYaml .rule.to | nindent 4 }}
  ports:
    {{- range .rule.ports }}
    - port: {{ . }}
      protocol: TCP
    {{- if eq (int .) 53 }}
    - port: 53
      protocol: UDP
    {{- end }}
    {{- end }}
{{- end -}}
