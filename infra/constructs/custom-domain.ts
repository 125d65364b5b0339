import { CfnOutput } from 'aws-cdk-lib';
import { ApiMapping, DomainName, EndpointType, SecurityPolicy, type CfnApi, type HttpApi, type HttpStage } from 'aws-cdk-lib/aws-apigatewayv2';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import { ARecord, HostedZone, RecordTarget } from 'aws-cdk-lib/aws-route53';
import { ApiGatewayv2DomainProperties } from 'aws-cdk-lib/aws-route53-targets';
import { Construct } from 'constructs';

/** The API's own host name (docs/deploy.md "Custom domain"). */
export interface CustomDomainSettings {
  /** e.g. `api.crm.example.com`. */
  readonly domainName: string;
  /**
   * An ACM certificate for `domainName`, in the stack's region (a regional endpoint: the
   * certificate must live where the API does, not in us-east-1 as for CloudFront).
   */
  readonly certificateArn: string;
  /**
   * The Route 53 public hosted zone that holds `domainName`: the A alias record is created in it. Without it, point a CNAME at the output `CustomDomainTarget` at your DNS provider.
   */
  readonly hostedZone?: { readonly id: string; readonly name: string };
}

export interface CustomDomainProps extends CustomDomainSettings {
  readonly api: HttpApi;
  readonly stage: HttpStage;
}

/**
 * A custom domain in front of the HTTP API: a regional domain name (TLS 1.2 at least), the mapping of
 * the `$default` stage at its root, an optional alias record, and the API's default
 * `execute-api` endpoint turned off — with a domain of its own, the default URL would be a second door
 * that bypasses whatever the operator puts on the domain (a WAF, a CDN, access logs kept elsewhere).
 */
export class CustomDomain extends Construct {
  readonly domainName: DomainName;

  constructor(scope: Construct, id: string, props: CustomDomainProps) {
    super(scope, id);
    this.domainName = new DomainName(this, 'DomainName', {
      domainName: props.domainName,
      certificate: Certificate.fromCertificateArn(this, 'Certificate', props.certificateArn),
      endpointType: EndpointType.REGIONAL,
      securityPolicy: SecurityPolicy.TLS_1_2,
    });
    new ApiMapping(this, 'Mapping', { api: props.api, domainName: this.domainName, stage: props.stage });
    (props.api.node.defaultChild as CfnApi).disableExecuteApiEndpoint = true;

    if (props.hostedZone) {
      const zone = HostedZone.fromHostedZoneAttributes(this, 'Zone', { hostedZoneId: props.hostedZone.id, zoneName: props.hostedZone.name });
      const target = RecordTarget.fromAlias(new ApiGatewayv2DomainProperties(this.domainName.regionalDomainName, this.domainName.regionalHostedZoneId));
      new ARecord(this, 'Alias', { zone, recordName: props.domainName, target });
    }

    new CfnOutput(this, 'Url', { value: `https://${props.domainName}`, description: 'Base URL of the HTTP API (custom domain)' });
    new CfnOutput(this, 'Target', {
      value: this.domainName.regionalDomainName,
      description: 'Where the custom domain must point (CNAME, or an alias record in Route 53)',
    });
  }
}
