# The Kubernetes manifests' per-service parts, made from the service
# registry (deploy/services.txt). Sourced by deploy/generate after
# deploy/local/lib.sh has loaded the registry; deploy/generate writes
# deploy/k8s/base/<service>.yaml whole, and the marked blocks of the
# kustomizations and the disruption budgets.

# Every workload label and the part-of label, as one flow mapping.
k8s_labels() { echo "{app.kubernetes.io/name: $1, app.kubernetes.io/part-of: contactcenter}"; }

# k8s_callers NAME: the services that list NAME as a peer (follow its
# events or call it), space-separated.
k8s_callers() {
  local svc peer out=()
  for svc in "${CC_SERVICES[@]}"; do
    for peer in ${CC_PEERS[$svc]}; do [ "$peer" != "$1" ] || out+=("$svc"); done
  done
  echo "${out[*]}"
}

# k8s_words A B C -> "A, B and C"; "" for none.
k8s_words() {
  local n=$# out i
  [ $n -gt 0 ] || return 0
  out=$1
  shift
  for ((i = 2; i <= n; i++)); do
    if [ $i -eq $n ]; then out+=" and $1"; else out+=", $1"; fi
    shift
  done
  echo "$out"
}

# The probes' target: gRPC health where the service serves gRPC, else its
# HTTP port answering at all. The kubelet's own gRPC probe cannot speak TLS,
# and the services serve gRPC over TLS only (no plaintext port, not even for
# health), so the image's cc_health_probe asks the health service over TLS
# from inside the container, verifying the server against the CA.
k8s_probe() {
  local name=$1
  if [ -n "${CC_GRPC_PORT[$name]}" ]; then
    echo "exec: {command: [cc_health_probe, \"127.0.0.1:${CC_GRPC_PORT[$name]}\", --tls_ca, /etc/contactcenter/tls/ca.crt]}"
  else
    echo "tcpSocket: {port: ${CC_HTTP_PORT[$name]:-${CC_METRICS_PORT[$name]}}}"
  fi
}

k8s_service_host() { echo "$1"; }

# The ports callers use (gRPC, HTTP), as a flow sequence's items.
k8s_own_ports() {
  local out="" p
  for p in "${CC_GRPC_PORT[$1]}" "${CC_HTTP_PORT[$1]}"; do
    [ -z "$p" ] || out+="${out:+, }{port: $p, protocol: TCP}"
  done
  echo "$out"
}

# k8s_service_yaml NAME: deploy/k8s/base/NAME.yaml.
k8s_service_yaml() {
  local name=$1 labels peers callers db grpc metrics http var peer caller probe ready live
  labels=$(k8s_labels "$name")
  peers=${CC_PEERS[$name]}
  callers=$(k8s_callers "$name")
  db=${CC_SERVICE_DB[$name]}
  grpc=${CC_GRPC_PORT[$name]}
  metrics=${CC_METRICS_PORT[$name]}
  http=${CC_HTTP_PORT[$name]}
  probe=$(k8s_probe "$name")
  if [ -n "$grpc" ]; then
    ready="# Health is SERVING once migrations ran and the database answers."
    live="# The same health turns NOT_SERVING while the database is away:
          # five minutes, so that a database failover restarts nothing."
  else
    ready="# No gRPC health service: ready once its port answers."
    live="# Restarted only after five minutes without its port."
  fi
  # shellcheck disable=SC2086
  cat <<YAML
# $name on Kubernetes. Generated from deploy/services.txt by deploy/generate
# (deploy/k8s/manifests.sh): change those, not this file.
# Follows or calls: $(k8s_words $peers)$([ -n "$peers" ] || echo nothing). Followed or called by: $(k8s_words $callers)$([ -n "$callers" ] || echo no other service).
apiVersion: v1
kind: ServiceAccount
metadata:
  name: $name
  labels: $labels
automountServiceAccountToken: false
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: $name
  labels: $labels
spec:
  replicas: 1
  selector:
    matchLabels: {app.kubernetes.io/name: $name}
  template:
    metadata:
      labels: $labels
      annotations:
        prometheus.io/scrape: "true"
        prometheus.io/port: "$metrics"
        prometheus.io/path: /metrics
    spec:
      serviceAccountName: $name
      automountServiceAccountToken: false
      # More than --shutdown_grace (10 s): calls in flight finish first.
      terminationGracePeriodSeconds: 30
      securityContext:
        runAsNonRoot: true
        runAsUser: 65534
        runAsGroup: 65534
        # The mounted secrets (certificate key, tokens) are group-readable.
        fsGroup: 65534
        seccompProfile: {type: RuntimeDefault}
      # Replicas on different nodes where there are enough.
      topologySpreadConstraints:
        - maxSkew: 1
          topologyKey: kubernetes.io/hostname
          whenUnsatisfiable: ScheduleAnyway
          labelSelector:
            matchLabels: {app.kubernetes.io/name: $name}
      containers:
        - name: $name
          image: contactcenter
          command: ["${CC_BINARY[$name]}"]
          ports:
YAML
  [ -z "$grpc" ] || echo "            - {name: grpc, containerPort: $grpc}"
  [ -z "$http" ] || echo "            - {name: http, containerPort: $http}"
  echo "            - {name: metrics, containerPort: $metrics}"
  echo "          env:"
  echo "            - {name: LISTEN_HOST, value: 0.0.0.0}"
  while IFS= read -r var; do
    case ${var%%=*} in
      DB_DSN)
        echo "            # The password stays out of the connection string: libpq reads"
        echo "            # PGPASSWORD. The secret is made by CloudNativePG, and so is the"
        echo "            # CA the server's certificate is verified against (verify-full)."
        echo "            - {name: DB_DSN, value: \"${var#*=}\"}"
        echo "            - name: PGPASSWORD"
        echo "              valueFrom: {secretKeyRef: {name: $name-db-app, key: password}}"
        ;;
      *) echo "            - {name: ${var%%=*}, value: \"${var#*=}\"}" ;;
    esac
  done < <(cc_service_env "$name" k8s_service_host /etc/contactcenter/reference \
             "postgresql://$name@$name-db-pooler:5432/$name?sslmode=verify-full&sslrootcert=/etc/contactcenter/db-ca/ca.crt")
  cat <<YAML
            - {name: TOKENS_FILE, value: /etc/contactcenter/tokens/tokens}
            # Its own service token, valid only with its certificate.
            - name: SERVICE_TOKEN
              valueFrom: {secretKeyRef: {name: contactcenter-tokens, key: $name-service-token}}
            # Mutual TLS: its certificate (serving and calling) and the CA.
            - {name: TLS_CERT, value: /etc/contactcenter/tls/tls.crt}
            - {name: TLS_KEY, value: /etc/contactcenter/tls/tls.key}
            - {name: TLS_CA, value: /etc/contactcenter/tls/ca.crt}
            # Person tokens (libs/auth person_token.h): the gateway signs them
            # with its key, every service verifies them with the public one.
            - {name: PERSON_TOKEN_PUBLIC_KEY, value: /etc/contactcenter/tokens/person_token.pub}
YAML
  if [ "$name" = gateway ]; then
    cat <<YAML
            - {name: PERSON_TOKEN_SIGNING_KEY, value: /etc/contactcenter/console/person_token.key}
            - {name: USERS_FILE, value: /etc/contactcenter/console/users}
YAML
  fi
  if [ "$name" = intake ]; then
    cat <<YAML
          # Notices to applicants: the SMTP server and the SMS gateway (SMTP_URL,
          # SMTP_FROM, ...: base/intake-notices.yaml); the credentials' files
          # come from the secret intake-notices (deploy/README.md).
          envFrom:
            - configMapRef: {name: intake-notices}
YAML
  fi
  cat <<YAML
          $ready
          startupProbe:
            $probe
            periodSeconds: 5
            timeoutSeconds: 3
            failureThreshold: 60
          readinessProbe:
            $probe
            periodSeconds: 5
            timeoutSeconds: 3
            failureThreshold: 2
          $live
          livenessProbe:
            $probe
            periodSeconds: 10
            timeoutSeconds: 3
            failureThreshold: 30
          resources:
            requests: {cpu: 100m, memory: 128Mi}
            limits: {cpu: "1", memory: 512Mi}
          securityContext:
            allowPrivilegeEscalation: false
            readOnlyRootFilesystem: true
            capabilities: {drop: [ALL]}
          volumeMounts:
            - {name: reference, mountPath: /etc/contactcenter/reference, readOnly: true}
            - {name: tokens, mountPath: /etc/contactcenter/tokens, readOnly: true}
            - {name: tls, mountPath: /etc/contactcenter/tls, readOnly: true}
YAML
  [ "$db" != yes ] || echo "            - {name: db-ca, mountPath: /etc/contactcenter/db-ca, readOnly: true}"
  [ "$name" != gateway ] || echo "            - {name: console, mountPath: /etc/contactcenter/console, readOnly: true}"
  [ "$name" != intake ] || echo "            - {name: notices, mountPath: /etc/contactcenter/notices, readOnly: true}"
  cat <<YAML
            - {name: tmp, mountPath: /tmp}
      volumes:
        - name: reference
          configMap: {name: reference-data}
        - name: tokens
          secret:
            secretName: contactcenter-tokens
            items: [{key: tokens, path: tokens}, {key: person-token-public-key, path: person_token.pub}]
            defaultMode: 288  # 0440: the owner and the pod's group (fsGroup)
        # kubernetes.io/tls with ca.crt, as cert-manager makes it (deploy/README.md).
        - name: tls
          secret:
            secretName: $name-tls
            items: [{key: tls.crt, path: tls.crt}, {key: tls.key, path: tls.key}, {key: ca.crt, path: ca.crt}]
            defaultMode: 288  # 0440: the owner and the pod's group (fsGroup)
YAML
  if [ "$name" = gateway ]; then
    cat <<YAML
        # The key it signs person tokens with and the console's users (deploy/README.md).
        - name: console
          secret:
            secretName: gateway-console
            items: [{key: person-token-signing-key, path: person_token.key}, {key: users, path: users}]
            defaultMode: 288  # 0440: the owner and the pod's group (fsGroup)
YAML
  fi
  if [ "$name" = intake ]; then
    cat <<YAML
        # The SMTP credentials (username:password), the SMS gateway's token and
        # the mail relay's CA, where the ConfigMap intake-notices points
        # (SMTP_CREDENTIALS_FILE, SMS_GATEWAY_TOKEN_FILE, SMTP_CA_FILE). Optional:
        # without it the notices wait for their channel (NoticesWaitForChannel).
        - name: notices
          secret:
            secretName: intake-notices
            optional: true
            defaultMode: 288  # 0440: the owner and the pod's group (fsGroup)
YAML
  fi
  if [ "$db" = yes ]; then
    cat <<YAML
        # The CA of $name's database cluster, made by CloudNativePG.
        - name: db-ca
          secret:
            secretName: $name-db-ca
            items: [{key: ca.crt, path: ca.crt}]
            defaultMode: 288  # 0440: the owner and the pod's group (fsGroup)
YAML
  fi
  cat <<YAML
        - name: tmp
          emptyDir: {sizeLimit: 16Mi}
---
apiVersion: v1
kind: Service
metadata:
  name: $name
  labels: $labels
spec:
  selector: {app.kubernetes.io/name: $name}
  ports:
YAML
  [ -z "$grpc" ] || echo "    - {name: grpc, port: $grpc, targetPort: grpc, appProtocol: grpc}"
  [ -z "$http" ] || echo "    - {name: http, port: $http, targetPort: http}"
  echo "    - {name: metrics, port: $metrics, targetPort: metrics}"
  if [ "$db" = yes ]; then
    cat <<YAML
---
# Three instances; a commit returns only once one standby has it too, so an
# acknowledged appeal or event survives the loss of the primary. With no
# standby left, writes wait rather than go unprotected.
apiVersion: postgresql.cnpg.io/v1
kind: Cluster
metadata:
  name: $name-db
  labels: $(k8s_labels "$name-db")
spec:
  instances: 3
  imageName: ghcr.io/cloudnative-pg/postgresql:15
  primaryUpdateStrategy: unsupervised
  postgresql:
    synchronous:
      method: any
      number: 1
      dataDurability: required
  bootstrap:
    initdb:
      database: $name
      owner: $name
  # The server certificate (signed by the cluster's CA, secret $name-db-ca)
  # also names the pooler, which the service dials with sslmode=verify-full.
  certificates:
    serverAltDNSNames: [$name-db-pooler]
  storage:
    size: 10Gi
  resources:
    requests: {cpu: 250m, memory: 512Mi}
    limits: {cpu: "2", memory: 1Gi}
  affinity:
    enablePodAntiAffinity: true
    podAntiAffinityType: required
    topologyKey: kubernetes.io/hostname
---
# Session pooling: the services prepare statements per connection and take
# session advisory locks for migrations, which transaction pooling breaks.
# It still follows the primary through a failover.
apiVersion: postgresql.cnpg.io/v1
kind: Pooler
metadata:
  name: $name-db-pooler
  labels: $(k8s_labels "$name-db-pooler")
spec:
  cluster: {name: $name-db}
  instances: 2
  type: rw
  pgbouncer:
    poolMode: session
    parameters:
      max_client_conn: "200"
      default_pool_size: "40"
YAML
  fi
  # shellcheck disable=SC2086
  cat <<YAML
---
# Who may reach $name: $(k8s_words $callers "API clients") on its own ports,
# Prometheus on the metrics port. $name itself reaches only
# $(if [ "$db" = yes ]; then k8s_words $peers "its pooler" DNS; else k8s_words $peers DNS; fi)$([ "$name" != intake ] || echo ", and the SMTP server and SMS gateway (notices)").
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: $name
  labels: $labels
spec:
  podSelector:
    matchLabels: {app.kubernetes.io/name: $name}
  policyTypes: [Ingress, Egress]
  ingress:
    - from:
YAML
  for caller in $callers; do
    echo "        - podSelector:"
    echo "            matchLabels: {app.kubernetes.io/name: $caller}"
  done
  cat <<YAML
        - namespaceSelector: {}
          podSelector:
            matchLabels: {contactcenter/api-client: "true"}
      ports: [$(k8s_own_ports "$name")]
    - from:
        - namespaceSelector:
            matchLabels: {kubernetes.io/metadata.name: monitoring}
          podSelector:
            matchLabels: {app.kubernetes.io/name: prometheus}
      ports: [{port: $metrics, protocol: TCP}]
  egress:
YAML
  for peer in $peers; do
    echo "    - to:"
    echo "        - podSelector:"
    echo "            matchLabels: {app.kubernetes.io/name: $peer}"
    echo "      ports: [{port: ${CC_GRPC_PORT[$peer]}, protocol: TCP}]"
  done
  if [ "$db" = yes ]; then
    echo "    - to:"
    echo "        - podSelector:"
    echo "            matchLabels: {cnpg.io/poolerName: $name-db-pooler}"
    echo "      ports: [{port: 5432, protocol: TCP}]"
  fi
  if [ "$name" = intake ]; then
    cat <<YAML
    # Notices: the SMTP server (submission 587 with STARTTLS, smtps 465, 25)
    # and the SMS gateway (HTTPS), wherever they are; narrow the ipBlock to
    # their addresses where they are known.
    - to:
        - ipBlock: {cidr: 0.0.0.0/0}
      ports: [{port: 587, protocol: TCP}, {port: 465, protocol: TCP}, {port: 25, protocol: TCP}, {port: 443, protocol: TCP}]
YAML
  fi
  cat <<YAML
    - to:
        - namespaceSelector:
            matchLabels: {kubernetes.io/metadata.name: kube-system}
          podSelector:
            matchLabels: {k8s-app: kube-dns}
      ports: [{port: 53, protocol: UDP}, {port: 53, protocol: TCP}]
YAML
  [ "$db" = yes ] || return 0
  cat <<YAML
---
# $name's pooler: reached by $name only (and Prometheus).
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: $name-db-pooler
  labels: $(k8s_labels "$name-db-pooler")
spec:
  podSelector:
    matchLabels: {cnpg.io/poolerName: $name-db-pooler}
  policyTypes: [Ingress]
  ingress:
    - from:
        - podSelector:
            matchLabels: {app.kubernetes.io/name: $name}
      ports: [{port: 5432, protocol: TCP}]
    - from:
        - namespaceSelector:
            matchLabels: {kubernetes.io/metadata.name: monitoring}
          podSelector:
            matchLabels: {app.kubernetes.io/name: prometheus}
      ports: [{port: 9127, protocol: TCP}]
---
# $name's database instances: its pooler, its own pods (replication, and
# the operator's jobs that clone a standby), the CloudNativePG operator, and
# Prometheus. Pooler pods carry the cluster label too: only instances here.
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: $name-db
  labels: $(k8s_labels "$name-db")
spec:
  podSelector:
    matchLabels: {cnpg.io/cluster: $name-db, cnpg.io/podRole: instance}
  policyTypes: [Ingress]
  ingress:
    - from:
        - podSelector:
            matchLabels: {cnpg.io/poolerName: $name-db-pooler}
      ports: [{port: 5432, protocol: TCP}]
    - from:
        - podSelector:
            matchLabels: {cnpg.io/cluster: $name-db}
        - namespaceSelector:
            matchLabels: {kubernetes.io/metadata.name: cnpg-system}
      ports: [{port: 5432, protocol: TCP}, {port: 8000, protocol: TCP}]
    - from:
        - namespaceSelector:
            matchLabels: {kubernetes.io/metadata.name: monitoring}
          podSelector:
            matchLabels: {app.kubernetes.io/name: prometheus}
      ports: [{port: 9187, protocol: TCP}]
YAML
}

# Blocks in the kustomizations and the overlay's replicas and budgets.
block_resources() {
  local svc
  for svc in "${CC_SERVICES[@]}"; do echo "  - $svc.yaml"; done
}

# The overlay's replicas as strategic-merge patches (kustomize v2 has no
# replicas: field).
block_replicas() {
  local svc
  for svc in "${CC_SERVICES[@]}"; do
    cat <<YAML
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: $svc
spec:
  replicas: 2
YAML
  done
}

block_budgets() {
  local svc
  for svc in "${CC_SERVICES[@]}"; do
    cat <<YAML
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: $svc
  labels: $(k8s_labels "$svc")
spec:
  minAvailable: 1
  selector:
    matchLabels: {app.kubernetes.io/name: $svc}
YAML
  done
}
