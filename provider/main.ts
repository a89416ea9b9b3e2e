// The plugin's entry (PulumiPlugin.yaml, package.json here): the package's provider, for programs in any language.
import * as provider from "@pulumi/pulumi/provider";
import { serveProbesFromPackage } from "../components/core/hostProbe";
import { KusciaProvider } from "./kusciaProvider";
import { registerNodeReferences } from "./liveNodes";

serveProbesFromPackage();
registerNodeReferences();
provider.main(new KusciaProvider(), process.argv.slice(2));
