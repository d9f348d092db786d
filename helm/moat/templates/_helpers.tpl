{{/*
Names, labels, and the parts of the node's settings the chart computes. The settings file,
the pods and the Services must agree on ports, listeners and the member list, so each is
computed here once and used by every template.
*/}}

{{- define "moat.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
<release>-moat, or the release name alone when it already says moat; at most 52 characters,
not 63: the StatefulSet controller labels each pod controller-revision-hash=<name>-<hash of up
to 10>, a label value of at most 63, and creates no pod for a longer name; and the admin
Service's <fullname>-admin must stay a DNS label of at most 63.
*/}}
{{- define "moat.fullname" -}}
{{- $full := "" }}
{{- if .Values.fullnameOverride }}
{{- $full = .Values.fullnameOverride | trunc 52 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- $full = .Release.Name | trunc 52 | trimSuffix "-" }}
{{- else }}
{{- $full = printf "%s-%s" .Release.Name $name | trunc 52 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- /* Helm allows release names that start with a digit or hold a dot; a Service name may not. */}}
{{- if not (regexMatch "^[a-z]([-a-z0-9]*[a-z0-9])?$" $full) }}
{{- fail (printf "the chart's full name %q (the release name, or fullnameOverride) names its Services, so it must start with a letter and hold only lower-case letters, digits and '-': choose another release name or set fullnameOverride" $full) }}
{{- end }}
{{- $full }}
{{- end }}

{{- define "moat.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "moat.selectorLabels" -}}
app.kubernetes.io/name: {{ include "moat.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "moat.labels" -}}
helm.sh/chart: {{ include "moat.chart" . }}
{{ include "moat.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "moat.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "moat.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* The headless Service that gives each pod the stable name Hazelcast members join by. */}}
{{- define "moat.clusterServiceName" -}}
{{- printf "%s-cluster" (include "moat.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "moat.adminSecretName" -}}
{{- default (printf "%s-admin" (include "moat.fullname" .)) .Values.admin.existingSecret }}
{{- end }}

{{- define "moat.adminSecretKey" -}}
{{- if .Values.admin.existingSecret }}{{ .Values.admin.existingSecretKey }}{{ else }}token{{ end }}
{{- end }}

{{- define "moat.clusterSecretName" -}}
{{- default (printf "%s-cluster" (include "moat.fullname" .)) .Values.cluster.existingSecret }}
{{- end }}

{{- define "moat.clusterSecretKey" -}}
{{- if .Values.cluster.existingSecret }}{{ .Values.cluster.existingSecretKey }}{{ else }}secret{{ end }}
{{- end }}

{{/* HTTPS for the probes when the admin port has a certificate, else HTTP. */}}
{{- define "moat.adminScheme" -}}
{{- if .Values.admin.tls.existingSecret }}HTTPS{{ else }}HTTP{{ end }}
{{- end }}

{{- define "moat.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}

{{/*
The SMTP listeners, as a YAML mapping {listeners: [...]}, each with the node's keys (name,
address, port, kind, proxy-protocol, trusted-proxies) and the chart's servicePort. Read it
with fromYaml.
*/}}
{{- define "moat.listeners" -}}
{{- $listeners := list (dict "name" "smtp" "kind" "smtp" "port" (int .Values.smtp.port) "servicePort" (int .Values.smtp.service.port)) }}
{{- if .Values.proxyProtocol.enabled }}
{{- $listeners = append $listeners (dict "name" "smtp-proxy" "kind" "smtp" "port" (int .Values.proxyProtocol.port) "servicePort" (int .Values.proxyProtocol.servicePort) "proxy-protocol" true "trusted-proxies" .Values.proxyProtocol.trustedNetworks) }}
{{- end }}
{{- range .Values.smtp.extraListeners }}
{{- $listeners = append $listeners (dict "name" .name "kind" .kind "port" (int .port) "servicePort" (int .servicePort)) }}
{{- end }}
{{- toYaml (dict "listeners" $listeners) }}
{{- end }}

{{/* The TCP-IP member list: every pod of the StatefulSet by its stable DNS name. */}}
{{- define "moat.members" -}}
{{- $fullname := include "moat.fullname" . }}
{{- $service := include "moat.clusterServiceName" . }}
{{- $members := list }}
{{- range $i := until (int .Values.replicas) }}
{{- $members = append $members (printf "%s-%d.%s.%s.svc.%s:%d" $fullname $i $service $.Release.Namespace $.Values.clusterDomain (int $.Values.cluster.port)) }}
{{- end }}
{{- toYaml (dict "members" $members) }}
{{- end }}

{{/*
The settings sections that need a restart and that the chart computes: listeners, admin and
cluster name and port (not the member list: a new member brings its own, and the running ones
need no restart to let it join).
*/}}
{{- define "moat.restartSettings" -}}
{{- $listeners := (include "moat.listeners" . | fromYaml).listeners }}
{{- toYaml (dict "listeners" $listeners "listenAddress" .Values.listenAddress "admin" .Values.admin.port "adminTls" .Values.admin.tls.existingSecret "cluster" (dict "name" (include "moat.clusterName" .) "port" .Values.cluster.port)) }}
{{- end }}

{{/*
The JVM options of MOAT_JAVA_OPTS: the heap share of the memory limit, Hazelcast's graceful
shutdown bounded so that the node drains SMTP (drainSeconds), leaves the cluster and exits
within the pod's grace period (5 s kept for the exit), then the values' own options.
*/}}
{{- define "moat.javaOptions" -}}
{{- $leave := max 5 (sub (sub (int .Values.terminationGracePeriodSeconds) (int .Values.drainSeconds)) 5) }}
{{- $options := list (printf "-XX:MaxRAMPercentage=%v" .Values.jvm.maxRAMPercentage) "-XX:+ExitOnOutOfMemoryError" (printf "-Dhazelcast.graceful.shutdown.max.wait=%d" (int $leave)) }}
{{- join " " (concat $options .Values.jvm.extraOptions) }}
{{- end }}

{{/* The one name every pod greets with, unless settings.smtp.host-name gives one: the SMTP Service's. */}}
{{- define "moat.hostName" -}}
{{- default (printf "%s.%s.svc.%s" (include "moat.fullname" .) .Release.Namespace .Values.clusterDomain) .Values.smtp.hostName }}
{{- end }}

{{- define "moat.clusterName" -}}
{{- default (include "moat.fullname" .) .Values.cluster.name }}
{{- end }}

{{/*
The node's settings file: the values' settings map, merged over the chart's defaults, with the
sections the chart owns added. Setting an owned section in values fails the render, rather
than being overridden without a word.
*/}}
{{- define "moat.settings" -}}
{{- $user := deepCopy (default dict .Values.settings) }}
{{- range $section := list "node" "admin" "cluster" }}
{{- if hasKey $user $section }}
{{- fail (printf "settings.%s is computed by the chart and cannot be set in values: %s" $section (get (dict "node" "the data directory is the pod's volume and the name its pod name" "admin" "use admin.port, admin.existingSecret and admin.tls" "cluster" "use cluster.name, cluster.port, replicas and clusterDomain") $section)) }}
{{- end }}
{{- end }}
{{- $smtp := deepCopy (default dict $user.smtp) }}
{{- if hasKey $smtp "listeners" }}
{{- fail "settings.smtp.listeners is computed by the chart and cannot be set in values: use smtp.port, smtp.extraListeners and proxyProtocol" }}
{{- end }}
{{- $listeners := list }}
{{- range (include "moat.listeners" . | fromYaml).listeners }}
{{- $listener := omit . "servicePort" }}
{{- $_ := set $listener "address" $.Values.listenAddress }}
{{- $listeners = append $listeners $listener }}
{{- end }}
{{- $_ := set $smtp "listeners" $listeners }}
{{- $timeouts := deepCopy (default dict $smtp.timeouts) }}
{{- if hasKey $timeouts "drain" }}
{{- fail "settings.smtp.timeouts.drain is computed by the chart and cannot be set in values: use drainSeconds (terminationGracePeriodSeconds follows it)" }}
{{- end }}
{{- if lt (int .Values.terminationGracePeriodSeconds) (add (int .Values.drainSeconds) 10) }}
{{- fail (printf "terminationGracePeriodSeconds (%d) must be at least drainSeconds (%d) + 10: the pod must drain SMTP, then leave the cluster" (int .Values.terminationGracePeriodSeconds) (int .Values.drainSeconds)) }}
{{- end }}
{{- $_ := set $timeouts "drain" (printf "%ds" (int .Values.drainSeconds)) }}
{{- $_ := set $smtp "timeouts" $timeouts }}
{{- if not (index $smtp "host-name") }}
{{- $_ := set $smtp "host-name" (include "moat.hostName" .) }}
{{- end }}
{{- if .Values.tls.existingSecret }}
{{- $tls := deepCopy (default dict $smtp.tls) }}
{{- $_ := set $tls "certificate" "/etc/moat/tls/tls.crt" }}
{{- $_ := set $tls "private-key" "/etc/moat/tls/tls.key" }}
{{- $_ := set $smtp "tls" $tls }}
{{- end }}
{{- $_ := set $user "smtp" $smtp }}
{{- if .Values.dnsResolver.enabled }}
{{- $dns := deepCopy (default dict $user.dns) }}
{{- if not (hasKey $dns "servers") }}
{{- $_ := set $dns "servers" (list (printf "127.0.0.1:%d" (int .Values.dnsResolver.port))) }}
{{- end }}
{{- $_ := set $user "dns" $dns }}
{{- end }}
{{- $_ := set $user "node" (dict "data-dir" "/var/lib/moat") }}
{{- /* No admin address: the pod's own comes from MOAT_ADMIN_ADDRESS (status.podIP), which one shared file cannot name. */}}
{{- $admin := dict "port" (int .Values.admin.port) }}
{{- if .Values.admin.tls.existingSecret }}
{{- $_ := set $admin "tls" (dict "certificate" "/etc/moat/admin-tls/tls.crt" "private-key" "/etc/moat/admin-tls/tls.key") }}
{{- end }}
{{- $_ := set $user "admin" $admin }}
{{- $cluster := dict "name" (include "moat.clusterName" .) "port" (int .Values.cluster.port) "initial-document" "/etc/moat/cluster-settings.yaml" }}
{{- $_ := set $cluster "members" (include "moat.members" . | fromYaml).members }}
{{- $_ := set $user "cluster" $cluster }}
{{- toYaml $user }}
{{- end }}
