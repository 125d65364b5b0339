import { Aws, Duration, Stack, type RemovalPolicy } from 'aws-cdk-lib';
import {
  AccountRecovery,
  ClientAttributes,
  FeaturePlan,
  Mfa,
  ResourceServerScope,
  StandardThreatProtectionMode,
  StringAttribute,
  UserPool,
  UserPoolClient,
  UserPoolDomain,
  UserPoolEmail,
  UserPoolResourceServer,
} from 'aws-cdk-lib/aws-cognito';
import { apiResourceServer, roleScopeName } from '../../contract/api-client-scopes.ts';
import { roles } from '../../domain/shared/actor.ts';
import { Construct } from 'constructs';
import { acknowledge } from './nag.ts';

/**
 * Claims the functions read from the token: `custom:tenant`, `custom:role` and `cognito:groups`
 * (Cognito puts custom attributes into the ID token).
 */
export const customAttributes = { tenant: 'tenant', role: 'role' } as const;

export interface IdentityProps {
  readonly stage: string;
  readonly removalPolicy: RemovalPolicy;
  readonly deletionProtection: boolean;
  /**
   * Plus feature plan with enforced threat protection (adaptive authentication, compromised
   * credentials). Charged per MAU, so prod-like stages only.
   */
  readonly threatProtection: boolean;
  /**
   * Prefix of the Cognito domain (`<prefix>.auth.<region>.amazoncognito.com`), unique per region
   * across all accounts. Default `cronaca-<stage>-<account id>`.
   */
  readonly domainPrefix?: string;
  /**
   * Who sends the pool's e-mail (invitations, password resets) through SES: an address of an identity
   * verified in SES in the stack's region (`identity`: the verified domain, when it is the domain that is
   * verified). Absent: Cognito's own e-mail (`no-reply@verificationemail.com`, a few dozen messages a
   * day per account and region — enough for a trial, not for inviting a company).
   */
  readonly invitationSender?: { readonly fromAddress: string; readonly identity?: string };
}

/** Staff sign-in: a Cognito user pool (administrator-created users only) and the SPA's app client. */
export class Identity extends Construct {
  readonly userPool: UserPool;
  readonly client: UserPoolClient;
  /**
   * API clients' resource server `cronaca`, one scope per role (`cronaca/role.manager`): each API
   * client's app client (created at run time by the api-clients service, client-credentials only) may
   * request its role's scope. docs/api-clients.md.
   */
  readonly apiResourceServer: UserPoolResourceServer;
  /**
   * The pool's Cognito domain: it serves the OAuth 2.0 token endpoint (`/oauth2/token`) where API
   * clients exchange their id and secret for an access token (client-credentials grant). Nothing
   * else of it is used: the web client signs in by SRP and has no OAuth flow (no hosted UI sign-in).
   */
  readonly domain: UserPoolDomain;

  constructor(scope: Construct, id: string, props: IdentityProps) {
    super(scope, id);
    this.userPool = new UserPool(this, 'UserPool', {
      userPoolName: `cronaca-${props.stage}`,
      // A B2B CRM: tenants' administrators invite their staff; nobody signs up on their own.
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      signInCaseSensitive: false,
      autoVerify: { email: true },
      standardAttributes: { email: { required: true, mutable: true }, fullname: { required: false, mutable: true } },
      customAttributes: {
        // A user never moves between tenants: the tenant is fixed at creation.
        [customAttributes.tenant]: new StringAttribute({ minLen: 1, maxLen: 64, mutable: false }),
        // The role changes with the job; only administrators (AdminUpdateUserAttributes) may change it,
        // see the client's writeAttributes below.
        [customAttributes.role]: new StringAttribute({ minLen: 1, maxLen: 32, mutable: true }),
      },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      // The invitation AdminCreateUser sends (POST /v1/users, adapters/identity/cognito-user-directory.ts):
      // Cognito fills in the user name and a temporary password valid `tempPasswordValidity`.
      userInvitation: {
        emailSubject: 'Your Cronaca account',
        emailBody:
          'Hello,<br><br>an administrator of your company has invited you to Cronaca. Sign in with your e-mail address {username} ' +
          'and the temporary password {####} within 3 days: you will then choose your own password and set up an authenticator app ' +
          '(every sign-in asks for its code).<br><br>If you did not expect this message, ignore it.',
      },
      ...(props.invitationSender
        ? {
            email: UserPoolEmail.withSES({
              fromEmail: props.invitationSender.fromAddress,
              fromName: 'Cronaca',
              sesRegion: Aws.REGION,
              ...(props.invitationSender.identity ? { sesVerifiedDomain: props.invitationSender.identity } : {}),
            }),
          }
        : {}),
      mfa: Mfa.REQUIRED,
      // Authenticator apps only: no SMS (no SNS role, no SIM-swap exposure).
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      featurePlan: props.threatProtection ? FeaturePlan.PLUS : FeaturePlan.ESSENTIALS,
      ...(props.threatProtection ? { standardThreatProtectionMode: StandardThreatProtectionMode.FULL_FUNCTION } : {}),
      deletionProtection: props.deletionProtection,
      removalPolicy: props.removalPolicy,
    });
    if (!props.threatProtection) {
      acknowledge(
        this.userPool,
        'AwsSolutions-COG8',
        'Non-production stage: the Plus feature plan (threat protection) is billed per MAU and enabled on prod-like stages only; MFA is required and the password policy is strong on every stage.',
      );
    }

    this.client = this.userPool.addClient('WebClient', {
      userPoolClientName: `cronaca-${props.stage}-web`,
      // A browser SPA: a public client, SRP sign-in, no client secret.
      generateSecret: false,
      authFlows: { userSrp: true },
      disableOAuth: true,
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(30),
      readAttributes: new ClientAttributes()
        .withStandardAttributes({ email: true, emailVerified: true, fullname: true })
        .withCustomAttributes(customAttributes.tenant, customAttributes.role),
      // Users may edit their own name only: tenant and role are never writable through the client
      // (otherwise a user could promote themselves with UpdateUserAttributes).
      writeAttributes: new ClientAttributes().withStandardAttributes({ fullname: true }),
    });

    this.apiResourceServer = this.userPool.addResourceServer('ApiResourceServer', {
      identifier: apiResourceServer,
      userPoolResourceServerName: `cronaca-${props.stage}-api`,
      scopes: roles.map((role) => new ResourceServerScope({ scopeName: roleScopeName(role), scopeDescription: `Act as an API client with the ${role} role` })),
    });

    this.domain = this.userPool.addDomain('Domain', {
      // The account id keeps the prefix unique across accounts deploying the same stage name.
      cognitoDomain: { domainPrefix: props.domainPrefix ?? `cronaca-${props.stage}-${Stack.of(this).account}` },
    });
  }

  /** The OAuth 2.0 token endpoint of API clients (client-credentials grant): `https://<domain>/oauth2/token`. */
  get tokenUrl(): string {
    return `${this.domain.baseUrl()}/oauth2/token`;
  }

  /** The JWT issuer of this pool (`https://cognito-idp.<region>.amazonaws.com/<pool id>`). */
  get issuer(): string {
    return this.userPool.userPoolProviderUrl;
  }
}
