// The command plugin from Go, with no Go SDK of it: a raw custom resource by its token.
package main

import "github.com/pulumi/pulumi/sdk/v3/go/pulumi"

type command struct {
	pulumi.CustomResourceState
	Stdout pulumi.StringOutput `pulumi:"stdout"`
}

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		var echo command
		err := ctx.RegisterResource("command:local:Command", "echo", pulumi.Map{"create": pulumi.String("printf %s go")}, &echo)
		if err != nil {
			return err
		}
		ctx.Export("commandStdout", echo.Stdout)
		return nil
	})
}
