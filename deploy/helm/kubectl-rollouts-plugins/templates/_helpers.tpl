{{/* The release's name, with the chart's name unless it already has it (Helm's usual fullname). */}}
{{- define "krp.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "krp.selectorLabels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{/* The release's labels; the RBAC objects carry only these, as `rbac` prints them without labels. */}}
{{- define "krp.releaseLabels" -}}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{- define "krp.labels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
{{ include "krp.releaseLabels" . }}
{{- end -}}

{{- define "krp.image" -}}
{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}
{{- end -}}

{{/* The pod spec of serve's Deployment and of the CronJob's Jobs, less the containers: no root,
the service account, and the /tmp emptyDir (the root file system is read-only). */}}
{{- define "krp.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: 65532
runAsGroup: 65532
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{- define "krp.volumes" -}}
- name: tmp
  emptyDir:
    sizeLimit: {{ .Values.tmpSizeLimit }}
{{- end -}}

{{/* What the container of either mode has besides its name, args, ports and probes. */}}
{{- define "krp.container" -}}
image: {{ include "krp.image" . }}
env:
  - name: HOME
    value: /tmp
  - name: TMPDIR
    value: /tmp
  - name: XDG_CACHE_HOME
    value: /tmp/cache
resources:
  {{- toYaml .Values.resources | nindent 2 }}
securityContext:
  allowPrivilegeEscalation: false
  readOnlyRootFilesystem: true
  capabilities:
    drop: [ALL]
volumeMounts:
  - name: tmp
    mountPath: /tmp
{{- end -}}
