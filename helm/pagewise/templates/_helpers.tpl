{{/*
Expand the name of the chart.
*/}}
{{- define "pagewise.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Create a default fully qualified app name.
We truncate at 63 chars because some Kubernetes name fields are limited to this (by the DNS naming spec).
If release name contains chart name it will be used as a full name.
*/}}
{{- define "pagewise.fullname" -}}
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

{{/*
Create chart name and version as used by the chart label.
*/}}
{{- define "pagewise.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Common labels
*/}}
{{- define "pagewise.labels" -}}
helm.sh/chart: {{ include "pagewise.chart" . }}
{{ include "pagewise.selectorLabels" . }}
{{- if .Chart.AppVersion }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
{{- end }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{/*
Selector labels
*/}}
{{- define "pagewise.selectorLabels" -}}
app.kubernetes.io/name: {{ include "pagewise.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/*
Create the name of the service account to use
*/}}
{{- define "pagewise.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "pagewise.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/*
The Secret holding the inference API key, or "" when Pagewise runs without one.
*/}}
{{- define "pagewise.inferenceSecretName" -}}
{{- if .Values.inference.existingSecret }}
{{- .Values.inference.existingSecret }}
{{- else if .Values.inference.apiKey }}
{{- printf "%s-inference" (include "pagewise.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}

{{/*
The key inside that Secret.
*/}}
{{- define "pagewise.inferenceSecretKey" -}}
{{- if .Values.inference.existingSecret }}
{{- .Values.inference.existingSecretKey }}
{{- else }}
{{- print "api-key" }}
{{- end }}
{{- end }}

{{/*
The PersistentVolumeClaim for documents.
*/}}
{{- define "pagewise.claimName" -}}
{{- default (printf "%s-data" (include "pagewise.fullname" .)) .Values.persistence.existingClaim }}
{{- end }}

{{/*
Whether documents live in object storage (and /data is only scratch space).
*/}}
{{- define "pagewise.objectStorage" -}}
{{- if eq .Values.storage.type "s3" }}true{{ end }}
{{- end }}

{{/*
Whether documents live on a PersistentVolumeClaim.
*/}}
{{- define "pagewise.claim" -}}
{{- if and (not (include "pagewise.objectStorage" .)) (eq .Values.persistence.type "pvc") }}true{{ end }}
{{- end }}

{{/*
Whether every replica sees the same documents (object storage, or a ReadWriteMany claim).
*/}}
{{- define "pagewise.sharedStorage" -}}
{{- if or (include "pagewise.objectStorage" .) (and (include "pagewise.claim" .) (has "ReadWriteMany" .Values.persistence.accessModes)) }}true{{ end }}
{{- end }}

{{/*
Whether Redis is configured as the shared results cache.
*/}}
{{- define "pagewise.redisCache" -}}
{{- if eq .Values.cache.type "redis" }}true{{ end }}
{{- end }}

{{/*
Whether the catalog of collections is in an external PostgreSQL (else an H2 file on /data).
*/}}
{{- define "pagewise.externalDatabase" -}}
{{- if eq .Values.database.type "postgresql" }}true{{ end }}
{{- end }}

{{/*
The most pods that may run at once.
*/}}
{{- define "pagewise.maxReplicas" -}}
{{- if .Values.autoscaling.enabled }}{{ .Values.autoscaling.maxReplicas }}{{ else }}{{ .Values.replicaCount }}{{ end }}
{{- end }}

{{/*
Refuses combinations that would deploy but misbehave.
*/}}
{{- define "pagewise.validate" -}}
{{- if and (gt (int (include "pagewise.maxReplicas" .)) 1) (not (include "pagewise.sharedStorage" .)) }}
{{- fail "More than one replica needs storage all replicas share: set storage.type=s3 (S3-compatible object storage), or persistence.type=pvc with persistence.accessModes=[ReadWriteMany] (NFS, EFS, CephFS...), or keep replicaCount 1 and autoscaling disabled. With per-pod storage a document uploaded to one replica is unknown to the others." }}
{{- end }}
{{- if and (include "pagewise.objectStorage" .) (not .Values.storage.s3.bucket) }}
{{- fail "storage.type=s3 needs storage.s3.bucket (and storage.s3.endpoint unless the bucket is on AWS S3)." }}
{{- end }}
{{- if and (include "pagewise.redisCache" .) (not (or .Values.cache.redis.url .Values.cache.redis.existingSecret)) }}
{{- fail "cache.type=redis needs cache.redis.url or cache.redis.existingSecret (a Secret holding the URL)." }}
{{- end }}
{{- if and (include "pagewise.externalDatabase" .) (not .Values.database.postgresql.url) }}
{{- fail "database.type=postgresql needs database.postgresql.url (jdbc:postgresql://host:5432/db) and, for its password, database.postgresql.existingSecret." }}
{{- end }}
{{- if lt (int .Values.terminationGracePeriodSeconds) (add 25 (int .Values.preStopSleepSeconds)) }}
{{- fail "terminationGracePeriodSeconds must be at least preStopSleepSeconds + 25 (Pagewise's graceful shutdown phase), or the kubelet kills answers in flight." }}
{{- end }}
{{- end }}
