{{/* The four services. Their app ids are fixed: the services use them for dead-letter topics and state. */}}
{{- define "cvr.appIds" -}}
ingest segmenter uploader catalog
{{- end }}

{{- define "cvr.name" -}}
{{- default "cvr" .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "cvr.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else if contains (include "cvr.name" .) .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name (include "cvr.name" .) | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}

{{- define "cvr.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
app.kubernetes.io/name: {{ include "cvr.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: cvr
{{- end }}

{{/* Selector labels of one component: (dict "root" $ "component" "ingest") */}}
{{- define "cvr.selectorLabels" -}}
app.kubernetes.io/name: {{ include "cvr.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{/* An image reference: (dict "root" $ "image" .Values.images.ingest) */}}
{{- define "cvr.image" -}}
{{- printf "%s:%s" .image.repository (default .root.Chart.AppVersion .image.tag) }}
{{- end }}

{{- define "cvr.cacheClaim" -}}
{{- default (printf "%s-cache" (include "cvr.fullname" .)) .Values.cache.persistence.existingClaim }}
{{- end }}

{{/* Secret names: the chart's own Secret when the value was passed, else the existing Secret. */}}
{{- define "cvr.assetStoreSecret" -}}
{{- if .Values.assetStore.connectionString }}
{{- printf "%s-asset-store" (include "cvr.fullname" .) }}
{{- else }}
{{- required "assetStore.existingSecret: name the Secret holding the asset store's connection string" .Values.assetStore.existingSecret }}
{{- end }}
{{- end }}

{{- define "cvr.appTokenSecret" -}}
{{- if .Values.appToken.token }}
{{- printf "%s-app-token" (include "cvr.fullname" .) }}
{{- else }}
{{- required "appToken.existingSecret: name the Secret holding the Dapr app token (key: token)" .Values.appToken.existingSecret }}
{{- end }}
{{- end }}

{{- define "cvr.keyRingSecret" -}}
{{- if .Values.keyRing.certificate }}
{{- printf "%s-key-ring" (include "cvr.fullname" .) }}
{{- else }}
{{- required "keyRing.existingSecret: name the kubernetes.io/tls Secret whose certificate encrypts the ingest's key ring (keys tls.crt, tls.key)" .Values.keyRing.existingSecret }}
{{- end }}
{{- end }}

{{- define "cvr.redisSecret" -}}
{{- if .Values.redis.auth.password }}
{{- printf "%s-redis" (include "cvr.fullname" .) }}
{{- else }}
{{- required "redis.auth.existingSecret: name the Secret holding the Redis password" .Values.redis.auth.existingSecret }}
{{- end }}
{{- end }}

{{- define "cvr.apiKeysSecret" -}}
{{- if or .Values.apiKeys.operatorKey .Values.apiKeys.viewerKey }}
{{- printf "%s-api-keys" (include "cvr.fullname" .) }}
{{- else }}
{{- required "apiKeys.existingSecret: name the Secret holding the API keys (keys: operator, viewer)" .Values.apiKeys.existingSecret }}
{{- end }}
{{- end }}

{{- define "cvr.redisHost" -}}
{{- if .Values.redis.enabled }}
{{- printf "%s-redis.%s.svc.cluster.local:6379" (include "cvr.fullname" .) .Release.Namespace }}
{{- else }}
{{- required "redis.host: host:port of your Redis (redis.enabled is false)" .Values.redis.host }}
{{- end }}
{{- end }}

{{/* Every app id that uses the components: Cvr's four and your own. */}}
{{- define "cvr.scopes" -}}
{{- range (concat (splitList " " (include "cvr.appIds" .)) .Values.dapr.extraAppIds) }}
- {{ . }}
{{- end }}
{{- end }}

{{/*
Topic scoping of the pub/sub: who publishes and who subscribes to what (docs/events.md). Every
subscriber also publishes and subscribes its own dead-letter topic <app-id>-deadletters.
*/}}
{{- define "cvr.publishingScopes" -}}
ingest=graph-instance-activated,graph-instance-deactivated,camera-connected,camera-disconnected,ingest-deadletters;segmenter=segment-sealed,segmenter-deadletters;uploader=segment-uploaded,segment-evicted,segment-expired,uploader-deadletters;catalog=catalog-deadletters
{{- end }}

{{- define "cvr.subscriptionScopes" -}}
ingest=segment-sealed,segment-uploaded,segment-evicted,ingest-deadletters;segmenter=graph-instance-activated,graph-instance-deactivated,segmenter-deadletters;uploader=graph-instance-activated,graph-instance-deactivated,segment-sealed,uploader-deadletters;catalog=graph-instance-activated,segment-sealed,segment-uploaded,segment-evicted,segment-expired,camera-disconnected,catalog-deadletters
{{- end }}

{{/* Pod placement shared by the four services: (dict "root" $) */}}
{{- define "cvr.placement" -}}
{{- with .root.Values.nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .root.Values.tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- if .root.Values.affinity }}
affinity:
  {{- toYaml .root.Values.affinity | nindent 2 }}
{{- else if .root.Values.cache.colocate }}
affinity:
  podAffinity:
    requiredDuringSchedulingIgnoredDuringExecution:
      - topologyKey: kubernetes.io/hostname
        labelSelector:
          matchLabels:
            cvr.io/cache: {{ include "cvr.fullname" .root }}
{{- end }}
{{- end }}

{{/* The label selector of the four services' pods (not the setup job's, not Redis's). */}}
{{- define "cvr.servicePodSelector" -}}
matchLabels:
  app.kubernetes.io/name: {{ include "cvr.name" . }}
  app.kubernetes.io/instance: {{ .Release.Name }}
matchExpressions:
  - key: app.kubernetes.io/component
    operator: In
    values:
      {{- range splitList " " (include "cvr.appIds" .) }}
      - {{ . }}
      {{- end }}
{{- end }}

{{/*
What every service reads to authenticate and limit its callers: the API keys (from their Secret), the
identity provider's tokens when jwt.authority is set, CORS origins and rate limits. (dict "root" $ "app" "ingest")
*/}}
{{- define "cvr.accessEnv" -}}
{{- $values := .root.Values -}}
- name: Cvr__Keys__Operator
  valueFrom:
    secretKeyRef:
      name: {{ include "cvr.apiKeysSecret" .root }}
      key: operator
- name: Cvr__Keys__Viewer
  valueFrom:
    secretKeyRef:
      name: {{ include "cvr.apiKeysSecret" .root }}
      key: viewer
{{- with $values.jwt }}
{{- if .authority }}
{{- if not (hasPrefix "https://" (toString .authority)) }}
{{- fail (printf "jwt.authority %q: the issuer's https:// URL (its discovery document and keys are fetched from there)" (toString .authority)) }}
{{- end }}
- name: Cvr__Jwt__Authority
  value: {{ .authority | toString | quote }}
- name: Cvr__Jwt__Audience
  value: {{ required "jwt.audience: the audience (aud) of tokens meant for Cvr; without it any token of the issuer would do" .audience | toString | quote }}
- name: Cvr__Jwt__RoleClaim
  value: {{ required "jwt.roleClaim" .roleClaim | toString | quote }}
- name: Cvr__Jwt__OperatorRole
  value: {{ required "jwt.operatorRole" .operatorRole | toString | quote }}
- name: Cvr__Jwt__ViewerRole
  value: {{ required "jwt.viewerRole" .viewerRole | toString | quote }}
{{- end }}
{{- end }}
{{- range $index, $origin := $values.http.allowedOrigins }}
{{- if not (regexMatch "^https?://[^/*\\s]+$" (toString $origin)) }}
{{- fail (printf "http.allowedOrigins: %q is no origin: scheme and host (and port) only, like https://vms.example.com, no path and no wildcard" (toString $origin)) }}
{{- end }}
- name: {{ printf "Cvr__Http__AllowedOrigins__%d" $index }}
  value: {{ $origin | toString | quote }}
{{- end }}
{{- range $name, $setting := dict "permitsPerSecond" "PermitsPerSecond" "burst" "Burst" }}
{{- $limit := index $values.http $name }}
{{- /* Numbers from a values file arrive as float64, which toString would print as 2e+06. */}}
{{- if and (kindIs "float64" $limit) (eq (float64 (int64 $limit)) $limit) }}
{{- $limit = int64 $limit }}
{{- end }}
{{- $limit = toString $limit }}
{{- if not (regexMatch "^[1-9][0-9]*$" $limit) }}
{{- fail (printf "http.%s %q: a whole number of requests, at least 1" $name $limit) }}
{{- end }}
- name: {{ printf "Cvr__Http__%s" $setting }}
  value: {{ $limit | quote }}
{{- end }}
{{- if eq .app "catalog" }}
{{- $lifetime := toString $values.playback.tokenLifetime }}
{{- if not (regexMatch "^([0-9]+\\.)?[0-9]{1,2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]{1,7})?)?$" $lifetime) }}
{{- fail (printf "playback.tokenLifetime %q: a TimeSpan such as 01:00:00 (hh:mm:ss) or 1.00:00:00 (one day)" $lifetime) }}
{{- end }}
- name: Cvr__Playback__TokenLifetime
  value: {{ $lifetime | quote }}
{{- end }}
{{- end }}
