// examples/two-party in Go: alice and bob on two hosts, trust both ways, the PSI job.
package main

import (
	"os"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"

	"kuscia/sdk/go/kuscia"
)

// host is a host as the examples take it from config: where to log in and the host key to pin.
type host struct {
	Host           string `json:"host"`
	Port           int    `json:"port"`
	User           string `json:"user"`
	PrivateKeyPath string `json:"privateKeyPath"`
	HostKey        string `json:"hostKey"`
}

func node(ctx *pulumi.Context, domainID string, gatewayPort int) (*kuscia.KusciaAutonomyNode, error) {
	c := config.New(ctx, domainID)
	var h host
	c.RequireObject("host", &h)
	key, err := os.ReadFile(h.PrivateKeyPath)
	if err != nil {
		return nil, err
	}
	if h.Port == 0 {
		h.Port = 22
	}
	if p := c.GetInt("gatewayPort"); p != 0 {
		gatewayPort = p
	}
	demoData := true
	args := &kuscia.KusciaAutonomyNodeArgs{
		DomainId: domainID,
		Connection: kuscia.ConnectionArgs{
			Host:       pulumi.String(h.Host),
			Port:       pulumi.Int(h.Port),
			User:       pulumi.String(h.User),
			PrivateKey: pulumi.ToSecret(pulumi.String(string(key))).(pulumi.StringOutput),
			HostKey:    pulumi.String(h.HostKey),
		},
		GatewayPort: pulumi.Int(gatewayPort),
		DemoData:    &demoData,
	}
	// Unset keys stay unset, so that the package's defaults apply (the real Kuscia image, privileged).
	program := config.New(ctx, "")
	if image := program.Get("image"); image != "" {
		args.Image = pulumi.StringPtr(image)
	}
	if privileged, err := program.TryBool("privileged"); err == nil {
		args.Privileged = pulumi.BoolPtr(privileged)
	}
	if memory := c.Get("memory"); memory != "" {
		args.Memory = pulumi.StringPtr(memory)
	}
	return kuscia.NewKusciaAutonomyNode(ctx, domainID, args)
}

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		alice, err := node(ctx, "alice", 8081)
		if err != nil {
			return err
		}
		bob, err := node(ctx, "bob", 8082)
		if err != nil {
			return err
		}
		trust, err := kuscia.NewMutualAuthorization(ctx, "alice-bob", &kuscia.MutualAuthorizationArgs{
			Nodes: kuscia.KusciaAutonomyNodeArray{alice, bob},
		})
		if err != nil {
			return err
		}
		jobID := config.New(ctx, "").Get("jobId")
		if jobID == "" {
			jobID = "psi-two-party"
		}
		job, err := kuscia.NewExamplePsiJob(ctx, "psi", &kuscia.ExamplePsiJobArgs{
			Node:  alice,
			JobId: jobID,
		}, pulumi.DependsOn([]pulumi.Resource{trust}))
		if err != nil {
			return err
		}
		ctx.Export("endpoints", pulumi.StringMap{"alice": alice.Endpoint, "bob": bob.Endpoint})
		ctx.Export("trustStatus", trust.Message)
		ctx.Export("jobPhase", job.Phase)
		return nil
	})
}
