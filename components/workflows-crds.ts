/**
 * The Argo Workflows CRDs with their full OpenAPI schemas, applied by argo-sso from files vendored
 * in `vendor/argo-workflows-1.0.18-crds/` (provenance in its README) instead of by the chart.
 *
 * Why (chart argo-workflows-1.0.18, templates/crds.yaml and templates/crds-install-job.yaml):
 * - `crds.install: true, crds.full: true` (the default) renders a pre-install/pre-upgrade hook Job
 *   that runs `kubectl apply --server-side -f https://raw.githubusercontent.com/argoproj/argo-helm/
 *   argo-workflows-1.0.18/charts/argo-workflows/files/crds/full/<file>`: a cluster without that
 *   egress fails the hook and the install. `crds.keep` is not read in this mode, and hook
 *   resources are not part of the release, so nothing says what happens to the CRDs later.
 * - `crds.full: false` renders the minimal CRDs shipped in the package (`files/crds/minimal`,
 *   schema `x-kubernetes-preserve-unknown-fields` for workflows, templates and cron workflows),
 *   with `helm.sh/resource-policy: keep` when `crds.keep` is true: no download, but no schema.
 * - `crds.install: false` renders no CRD at all; `crds.upgradeJob.*` then does nothing.
 *
 * So the chart gets `crds.install: false`, and the full CRDs are a `kubernetes:yaml/v2:ConfigGroup`
 * whose children are retained on delete: removing the release or this component leaves the CRDs,
 * and with them every Workflow, template and cron workflow.
 */
import * as pulumi from "@pulumi/pulumi";

/** Where the vendored CRDs live, relative to the project root (the program's working directory). */
export const WORKFLOWS_CRDS_DIR = "vendor/argo-workflows-1.0.18-crds";

/**
 * The CRD files, one CRD each, as the chart names them (`files/crds/full/`): every kind that
 * Argo Workflows v4.0.6 defines.
 */
export const WORKFLOWS_CRD_FILES: readonly string[] = [
  "argoproj.io_clusterworkflowtemplates.yaml",
  "argoproj.io_cronworkflows.yaml",
  "argoproj.io_workflowartifactgctasks.yaml",
  "argoproj.io_workfloweventbindings.yaml",
  "argoproj.io_workflows.yaml",
  "argoproj.io_workflowtaskresults.yaml",
  "argoproj.io_workflowtasksets.yaml",
  "argoproj.io_workflowtemplates.yaml",
];

/** The paths the ConfigGroup reads (relative, so the render is the same on every machine). */
export function workflowsCrdPaths(): string[] {
  return WORKFLOWS_CRD_FILES.map((file) => `${WORKFLOWS_CRDS_DIR}/${file}`);
}

/**
 * A transform that marks every resource it sees `retainOnDelete`. Set on the ConfigGroup (a
 * component the Kubernetes provider expands), it reaches each CRD the group creates, so a
 * `pulumi destroy` or a removed component leaves the CRDs in the cluster.
 */
export const retainCrds: pulumi.ResourceTransform = (args) => ({
  props: args.props,
  opts: pulumi.mergeOptions(args.opts, { retainOnDelete: true }),
});
