/**
 * The Kubernetes rules of each Argo Workflows level, written out by hand from the levels that
 * docs/argo.md documents, so tests compare the ClusterRoles with these literals and never with
 * components/workflows-rules.ts's own constant. The resource names are Argo Workflows' CRDs
 * (argo-workflows v4.0.6 manifests/base/crds) and the UI's reads of pods, events and logs.
 */
/** The view level's ClusterRole rules, written out (docs/argo.md, "Argo Workflows access levels"). */
export const VIEW_RULES = [
  {
    apiGroups: ["argoproj.io"],
    resources: [
      "workflows",
      "workflowtemplates",
      "cronworkflows",
      "clusterworkflowtemplates",
      "workfloweventbindings",
    ],
    verbs: ["get", "list", "watch"],
  },
  {
    apiGroups: ["argoproj.io"],
    resources: ["eventsources", "sensors"],
    verbs: ["get", "list", "watch"],
  },
  { apiGroups: [""], resources: ["pods", "events"], verbs: ["get", "list", "watch"] },
  { apiGroups: [""], resources: ["pods/log"], verbs: ["get"] },
];
/** What edit adds to view: submit, resubmit, stop, terminate, suspend, resume. */
export const WORKFLOW_RUN = {
  apiGroups: ["argoproj.io"],
  resources: ["workflows"],
  verbs: ["create", "update", "patch"],
};
/** What admin adds to view: manage every Argo Workflows resource, delete pods (retry). */
export const ADMIN_EXTRA = [
  {
    apiGroups: ["argoproj.io"],
    resources: [
      "workflows",
      "workflowtemplates",
      "cronworkflows",
      "clusterworkflowtemplates",
      "workfloweventbindings",
    ],
    verbs: ["create", "update", "patch", "delete"],
  },
  { apiGroups: [""], resources: ["pods"], verbs: ["delete"] },
];
