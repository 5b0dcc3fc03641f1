{{/* The program and image name: baton-<connector>. */}}
{{- define "baton-connector.program" -}}
baton-{{ .Values.connector }}
{{- end }}

{{/* Objects are named after the release, with the program appended unless the release name has it. */}}
{{- define "baton-connector.fullname" -}}
{{- $program := include "baton-connector.program" . -}}
{{- if contains $program .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $program | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end }}

{{- define "baton-connector.secretName" -}}
{{- default (include "baton-connector.fullname" .) .Values.credentials.existingSecret -}}
{{- end }}

{{- define "baton-connector.selectorLabels" -}}
app.kubernetes.io/name: {{ include "baton-connector.program" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/* The seed guides' labels (baton, baton-app) as strings, and the usual ones. */}}
{{- define "baton-connector.labels" -}}
{{ include "baton-connector.selectorLabels" . }}
app.kubernetes.io/version: {{ .Values.image.tag | default .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
baton: "true"
baton-app: {{ .Values.connector | quote }}
{{- end }}

{{/* The image's ENTRYPOINT (Node, the sdk's PROGRAM_NODE_FLAGS, the bundle), for the exec probes. */}}
{{- define "baton-connector.healthCheck" -}}
- /nodejs/bin/node
- --max-semi-space-size=16
- --heap-growing-percent=50
- /app/baton.mjs
- health-check
{{- end }}
