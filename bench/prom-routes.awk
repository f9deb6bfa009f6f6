# Reads /actuator/prometheus text; prints "name<TAB>count<TAB>sum_seconds" for every Camel route
# (camel_route_policy_seconds, eventType="route") and for Spring's http.server.requests timer of
# successful POST /v1/chat/completions. Used by added-latency.sh to take per-run differences.
/^camel_route_policy_seconds_(count|sum)\{.*eventType="route"/ {
    match($0, /routeId="[^"]*"/); id = "route " substr($0, RSTART + 9, RLENGTH - 10)
    kind = ($0 ~ /_count\{/) ? "count" : "sum"; v[id "\t" kind] = $NF; keys[id] = 1
}
/^http_server_requests_seconds_(count|sum)\{.*method="POST".*status="200".*uri="\/v1\/chat\/completions"/ {
    id = "http.server.requests POST /v1/chat/completions"
    kind = ($0 ~ /_count\{/) ? "count" : "sum"; v[id "\t" kind] = $NF; keys[id] = 1
}
END { for (k in keys) print k "\t" v[k "\tcount"] "\t" v[k "\tsum"] }
