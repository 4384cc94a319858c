// The event catalogue: every (service, eventName) of the service table with its
// verb and a Zipf-like weight (service rank x name rank within the service, so a
// few calls like AssumeRole, GetObject, Decrypt, DescribeInstances dominate and a
// long tail of writes is rare), plus the user agents and client addresses.

import { Rng } from './rng.js';
import { SERVICES, type ServiceSpec } from './services.js';
import { verbOf, type Verb } from './templates.js';

export interface EventKind {
  readonly service: ServiceSpec;
  readonly source: string;
  readonly name: string;
  readonly verb: Verb;
  readonly weight: number;
  readonly readOnly: boolean;
  readonly data: boolean;
  /** IAM, sign-in...: recorded in us-east-1, copied into other regions' logs. */
  readonly global: boolean;
}

/** Skew exponents: service popularity, and eventName popularity inside a service. */
const SERVICE_SKEW = 1.0, NAME_SKEW = 1.2;

function buildKinds(): EventKind[] {
  const out: EventKind[] = [];
  SERVICES.forEach((service, s) => {
    const data = new Set((service.dataEvents ?? '').split(' '));
    service.names.split(' ').forEach((name, n) => {
      const verb = verbOf(name);
      out.push({
        service, source: `${service.prefix}.amazonaws.com`, name, verb,
        weight: 1e6 / (s + 1) ** SERVICE_SKEW / (n + 1) ** NAME_SKEW,
        readOnly: verb === 'list' || verb === 'read',
        data: data.has(name),
        global: service.global === true,
      });
    });
  });
  return out;
}

export const EVENT_KINDS: readonly EventKind[] = buildKinds();

/** Cumulative weights of EVENT_KINDS, for Rng.weighted. */
export const KIND_CUMULATIVE: readonly number[] = EVENT_KINDS.reduce<number[]>((acc, k) => (acc.push((acc.at(-1) ?? 0) + k.weight), acc), []);

// User agents with realistic version spreads, drawn once from a fixed seed.
const fixed = new Rng(20240701);
const v = (a: number, b: number) => `${fixed.int(a, b)}`;
const CLI = Array.from({ length: 6 }, () => `aws-cli/2.${v(13, 17)}.${v(0, 40)} md/awscrt#0.${v(19, 21)}.${v(0, 9)} ua/2.0 os/linux#6.1.${v(0, 90)} md/arch#x86_64 lang/python#3.11.${v(6, 9)} md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe md/distrib#debian.12 prompt/off`);
const BOTO = Array.from({ length: 6 }, () => { const b = `1.34.${v(10, 160)}`; return `Boto3/${b.replace('34', '34')} md/Botocore#${b} ua/2.0 os/linux#5.10.${v(200, 230)}-${v(200, 220)}.${v(800, 900)}.amzn2.x86_64 md/arch#x86_64 lang/python#3.12.${v(1, 4)} md/pyimpl#CPython cfg/retry-mode#legacy Botocore/${b}`; });
const GO = Array.from({ length: 3 }, () => `aws-sdk-go-v2/1.${v(24, 30)}.${v(0, 9)} os/linux lang/go#1.22.${v(0, 5)} md/GOOS#linux md/GOARCH#amd64 api/sts#1.28.${v(0, 9)}`);
const JAVA = Array.from({ length: 3 }, () => `aws-sdk-java/2.25.${v(0, 60)} Linux/5.10.${v(200, 230)} OpenJDK_64-Bit_Server_VM/17.0.${v(8, 11)}+${v(7, 9)}-LTS Java/17.0.${v(8, 11)} vendor/Amazon.com_Inc. io/sync http/Apache cfg/retry-mode/legacy`);
const JS = Array.from({ length: 3 }, () => `aws-sdk-js/3.${v(500, 600)}.0 ua/2.0 os/linux#5.10.${v(200, 230)} lang/js md/nodejs#20.${v(10, 18)}.0 api/${fixed.pick(['s3', 'dynamodb', 'sqs', 'kms'])}#3.${v(500, 600)}.0 exec-env/AWS_Lambda_nodejs20.x`);
const TF = Array.from({ length: 2 }, () => `APN/1.0 HashiCorp/1.0 Terraform/1.${v(5, 8)}.${v(0, 5)} (+https://www.terraform.io) terraform-provider-aws/5.${v(30, 60)}.0 (+https://registry.terraform.io/providers/hashicorp/aws) aws-sdk-go-v2/1.${v(24, 30)}.0 os/linux lang/go#1.22.2 md/GOOS#linux md/GOARCH#amd64`);
const BROWSERS = [
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/125.0.0.0 Safari/537.36 Edg/125.0.0.0',
  'Mozilla/5.0 (X11; Linux x86_64; rv:127.0) Gecko/20100101 Firefox/127.0',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15',
];

/** SDK and tool agents (machines), and what the console sends (people). */
export const AGENTS = { sdk: [...CLI, ...BOTO, ...GO, ...JAVA, ...JS, ...TF], console: ['console.amazonaws.com', 'AWS Internal', ...BROWSERS], browsers: BROWSERS } as const;

/** Client addresses: each account's offices/NATs, a public spread, and the few that try passwords. */
export function addressPools(r: Rng): { office: string[]; public: string[]; attackers: string[] } {
  const ip = () => `${r.pick([3, 18, 34, 44, 52, 54, 63, 72, 81, 98, 104, 136, 151, 185, 203])}.${r.int(0, 255)}.${r.int(0, 255)}.${r.int(1, 254)}`;
  return {
    office: Array.from({ length: 24 }, ip),
    public: Array.from({ length: 400 }, ip),
    attackers: Array.from({ length: 12 }, () => `${r.pick([45, 89, 91, 103, 185, 193])}.${r.int(0, 255)}.${r.int(0, 255)}.${r.int(1, 254)}`),
  };
}
