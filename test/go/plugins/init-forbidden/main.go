// A traffic router whose InitPlugin fails as one whose informers RBAC refuses does.
package main

import "rpfixtures/argoplugin"

func main() {
	argoplugin.Serve("trafficrouter", &argoplugin.Server{
		TypeName:  "FixtureInitForbidden",
		InitError: `failed to list *v1.HTTPRoute: httproutes.gateway.networking.k8s.io is forbidden: User "system:serviceaccount:argo-rollouts:default" cannot list resource "httproutes" in API group "gateway.networking.k8s.io" at the cluster scope`,
	})
}
