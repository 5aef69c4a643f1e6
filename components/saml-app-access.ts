/**
 * Who may use the Argo CD SAML application: one `ssoadmin.ApplicationAssignment` per
 * group. The application itself is created once in the console (a custom SAML 2.0 application
 * cannot be created or configured by API) and only read here, by ARN: modelling it as
 * `ssoadmin.Application` would let a `pulumi destroy` delete it.
 */
import * as pulumi from "@pulumi/pulumi";
import * as ssoadmin from "@pulumi/aws/ssoadmin";
import { childName } from "./naming";

export interface SamlAppAccessArgs {
  /** ARN of the console-created SAML application. */
  readonly applicationArn: string;
  /**
   * Group config key → Identity Store group ID of every group to assign. Groups only, never
   * users: a user without groups gets no access anywhere (argo-sso's Workflows rules
   * `'<id>' in ($env?.groups ?? [])` no longer error for them, argo-workflows #13061).
   */
  readonly groupIds: Readonly<Record<string, pulumi.Input<string>>>;
}

/**
 * Reads the application with `ssoadmin.getApplication` (so a wrong ARN fails the run) and
 * assigns each group as `<name>-assignment/<group key>`. No
 * `ApplicationAssignmentConfiguration`: it is optional and some SAML applications reject it
 * (aws-ia/terraform-aws-iam-identity-center #71).
 */
export class SamlAppAccess extends pulumi.ComponentResource {
  /** The application ARN, as Identity Center reports it. */
  readonly applicationArn: pulumi.Output<string>;
  /** The application's display name in the console. */
  readonly applicationName: pulumi.Output<string>;
  /** Keys of the assigned groups, sorted. */
  readonly assignedGroups: pulumi.Output<string[]>;

  constructor(name: string, args: SamlAppAccessArgs, opts?: pulumi.ComponentResourceOptions) {
    super("argo-sso:saml-app-access:SamlAppAccess", name, {}, opts);

    const application = ssoadmin.getApplicationOutput(
      { applicationArn: args.applicationArn },
      { parent: this },
    );
    const applicationArn = application.apply((app) => {
      if (app.status !== undefined && app.status !== "ENABLED") {
        pulumi.log.warn(
          `SAML application ${app.applicationArn} is ${app.status}: nobody can sign in to Argo CD`,
          this,
        );
      }
      return app.applicationArn;
    });

    const keys = Object.keys(args.groupIds).sort();
    for (const key of keys) {
      new ssoadmin.ApplicationAssignment(
        childName(name, "assignment", key),
        { applicationArn, principalId: args.groupIds[key] as pulumi.Input<string>, principalType: "GROUP" },
        { parent: this },
      );
    }

    this.applicationArn = applicationArn;
    this.applicationName = application.name;
    this.assignedGroups = pulumi.output(keys);
    this.registerOutputs({
      applicationArn: this.applicationArn,
      applicationName: this.applicationName,
      assignedGroups: this.assignedGroups,
    });
  }
}
