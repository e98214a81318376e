import { describe, expect, it } from 'vitest';
import { DetectorSet } from '../scanner';
import { builtinDetectors } from './registry';
import { looksLikeKey } from './secrets';

/** Deterministic key-like filler: mixed case and digits, `length` characters. */
const filler = (length: number, alphabet = 'Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4zCd7'): string =>
  Array.from({ length }, (_, i) => alphabet[(i * 7) % alphabet.length]).join('');

const PEM_BODY = 'MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun\nVTLw7onLRnrq0/IzW7yWR7QkrmBL7jTKEn5u+qKhbwKfBstIs+bMY2Zkp18gnTxK\n';

/** One table for every builtin: values it must find, and look-alikes it must leave alone. */
const table: Array<{ type: string; positives: string[]; negatives: string[] }> = [
  {
    type: 'email',
    positives: ['jane.doe@example.com', "j.o'brien+tag@mail.example.co.uk", 'ADMIN@EXAMPLE.ORG', 'x@sub-domain.example.io'],
    negatives: ['user@localhost', '@handle', 'foo@bar', 'jane@example.c0m', 'name at example dot com'],
  },
  {
    type: 'phone',
    positives: [
      '+1 415-555-2671', '+1 (415) 555-2671', '+14155552671', '+44 20 7946 0958', '+44 (0)20 7946 0958', '+49 30 1234567',
      '+33 1 23 45 67 89', '(415) 555-2671', '415-555-2671', '415.555.2671', '020 7946 0958', '07700 900123', '030 1234567', '01 23 45 67 89',
      '415 555 2671', '912 345 678', '0161 496 0000', '1300 975 707',
    ],
    negatives: [
      '14155552671', '555-2671', '2024-01-15', '15.01.2024', '2024-01-15 10:30:00', '192.168.100.200', '1.000.000', '123-45-6789',
      '2024-000123', 'ORD-2024-000123', '10.15.20', '1700000000', '+1', '+100', '12:30:45', 'v2.10.15', '4111 1111 1111 1111', '3.14159',
      // Lists of numbers and year-led ids, in code and data.
      '2024 2025 2026', '1024 2048 4096', '100 200 300', '2024-05-000123', '2023-1234-5678',
    ],
  },
  {
    type: 'card',
    positives: ['4242 4242 4242 4242', '4111-1111-1111-1111', '4111111111111111', '5555555555554444', '378282246310005', '3782 822463 10005', '6011111111111117'],
    negatives: ['4111 1111 1111 1112', '1234567890123456', '0000 0000 0000 0000', '4111 1111-1111 1111', '1700000000000', '42424242424242424242', '4 2 4 2 4 2 4 2 4 2 4 2 4'],
  },
  {
    type: 'iban',
    positives: ['DE89 3704 0044 0532 0130 00', 'DE89370400440532013000', 'GB82 WEST 1234 5698 7654 32', 'FR14 2004 1010 0505 0001 3M02 606', 'NL91ABNA0417164300', 'NO9386011117947', 'CH9300762011623852957'],
    negatives: ['DE89 3704 0044 0532 0130 01', 'DE89 3704 0044 0532 0130', 'AB12CDEF34', 'ISO 8601', 'de89370400440532013000'],
  },
  {
    type: 'ssn',
    positives: ['123-45-6789', '219-09-9999', '536 22 1234'],
    negatives: ['000-12-3456', '666-12-3456', '912-34-5678', '123-00-4567', '123-45-0000', '123456789', '123-45-67890', '1123-45-6789', '123-45-6789-1'],
  },
  {
    type: 'ip',
    // A four-part version string is a valid IPv4 address and cannot be told apart: `1.2.3.4` is matched.
    positives: ['192.168.1.10', '10.0.0.5', '8.8.8.8', '255.255.255.255', '1.2.3.4', '2001:db8::8a2e:370:7334', '2001:0db8:85a3:0000:0000:8a2e:0370:7334', 'fe80::1', '::ffff:192.0.2.1'],
    negatives: ['127.0.0.1', '0.0.0.0', '::1', '256.1.1.1', '1.2.3', '1.2.3.4.5', 'v1.2.3.4', '01.02.03.04', '12:30:45', '00:1A:2B:3C:4D:5E', 'std::vector', 'dead::beef', 'a::b::c'],
  },
  {
    type: 'openai_key',
    positives: [`sk-proj-${filler(120)}`, `sk-${filler(20)}T3BlbkFJ${filler(20)}`, `sk-svcacct-${filler(64)}`, `sk-${'0123456789abcdef'.repeat(2)}`],
    negatives: ['sk-learn', 'sk-this-is-a-long-descriptive-name', `task-${filler(40)}`, 'sk-short1A'],
  },
  { type: 'anthropic_key', positives: [`sk-ant-api03-${filler(93)}AA`, `sk-ant-admin01-${filler(60)}`], negatives: ['sk-ant-', 'sk-ant-short'] },
  { type: 'aws_access_key', positives: ['AKIAIOSFODNN7EXAMPLE', 'ASIAY34FZKBOKMUTVV7A'], negatives: ['AKIA1234', 'AKIAIOSFODNN7EXAMPLEXX', 'akiaiosfodnn7example'] },
  {
    type: 'github_token',
    positives: [`ghp_${filler(36)}`, `gho_${filler(36)}`, `ghu_${filler(36)}`, `ghs_${filler(36)}`, `ghr_${filler(36)}`, `github_pat_${filler(22)}_${filler(59)}`],
    negatives: ['ghp_short', `ghx_${filler(36)}`],
  },
  { type: 'google_api_key', positives: [`AIza${filler(35)}`], negatives: ['AIzaShort', `AIza${filler(30)}`] },
  { type: 'slack_token', positives: ['xoxb-1234567890-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx', 'xoxp-1234567890-abcdefghij'], negatives: ['xoxb-', 'xoxz-1234567890-1234567890'] },
  { type: 'stripe_key', positives: [`sk_live_${filler(24)}`, `rk_live_${filler(24)}`, `sk_test_${filler(24)}`], negatives: ['sk_live_', 'pk_live_abc'] },
  { type: 'gitlab_token', positives: [`glpat-${filler(20)}`], negatives: ['glpat-short'] },
  { type: 'huggingface_token', positives: [`hf_${filler(34, 'AbCdEfGhIjKlMnOpQrStUvWxYz')}`], negatives: ['hf_short', 'hf_transfer'] },
  { type: 'npm_token', positives: [`npm_${filler(36)}`], negatives: ['npm_install'] },
  { type: 'sendgrid_key', positives: [`SG.${filler(22)}.${filler(43)}`], negatives: ['SG.short.key'] },
  { type: 'groq_key', positives: [`gsk_${filler(52)}`], negatives: ['gsk_short'] },
  { type: 'xai_key', positives: [`xai-${filler(80)}`], negatives: ['xai-sdk'] },
  { type: 'google_oauth_secret', positives: [`GOCSPX-${filler(28)}`], negatives: ['GOCSPX-short'] },
  {
    type: 'jwt',
    positives: [
      'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c',
      `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from('{"sub":"42"}').toString('base64url')}.`,
    ],
    negatives: ['eyJhbGciOiJIUzI1NiJ9', `${Buffer.from('{"not":"jwt"}').toString('base64url')}.eyJhIjoxfQ.c2lnbmF0dXJl`],
  },
  {
    type: 'private_key',
    positives: [
      `-----BEGIN RSA PRIVATE KEY-----\n${PEM_BODY}-----END RSA PRIVATE KEY-----`,
      `-----BEGIN OPENSSH PRIVATE KEY-----\n${PEM_BODY}-----END OPENSSH PRIVATE KEY-----`,
      `-----BEGIN PRIVATE KEY-----\n${PEM_BODY}-----END PRIVATE KEY-----`,
      `-----BEGIN EC PRIVATE KEY-----\n${PEM_BODY.trimEnd()}`, // cut off before its END line
    ],
    negatives: [`-----BEGIN PUBLIC KEY-----\n${PEM_BODY}-----END PUBLIC KEY-----`, '-----BEGIN CERTIFICATE-----'],
  },
];

/** Look-alikes that no detector at all may report. */
const everydayText = [
  'version 1.2.3', 'v1.2.3.4', 'Node 20.19.0', 'released 2024-01-15T10:30:45Z', 'at 10:30:45', 'on 01/15/2024', 'ts 1700000000', 'ms 1700000000000',
  'order ORD-2024-000123', 'invoice #100234', 'id 550e8400-e29b-41d4-a716-446655440000', 'commit 3f2a9c4e1b7d8a6f5e4d3c2b1a0987654321fedc',
  'short sha a1b2c3d', 'number 1234567890123456', 'price $1,000,000.00', 'pi is 3.14159', 'std::vector<int> v;', 'MAC 00:1A:2B:3C:4D:5E',
  'listen on 127.0.0.1:8080 or 0.0.0.0', 'bind ::1', 'mail root@localhost', '+1 vote', 'ISBN 978-3-16-148410-0', 'sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
];

const contexts = (value: string): string[] => [value, `Contact: ${value}, thanks.`, `(${value})`, `"${value}"`];

describe.each(table)('$type detector', ({ type, positives, negatives }) => {
  const alone = new DetectorSet(builtinDetectors.filter((detector) => detector.type === type));
  const all = new DetectorSet(builtinDetectors);

  it.each(positives)('finds %s', (value) => {
    for (const text of contexts(value)) {
      const found = alone.find(text).map((match) => text.slice(match.start, match.end));
      expect(found, text).toEqual([value]);
    }
  });

  it.each(positives)('reports %s as its own type with every detector on', (value) => {
    const text = `Contact: ${value}, thanks.`;
    expect(all.find(text).map((match) => [match.kind.type, text.slice(match.start, match.end)])).toEqual([[type, value]]);
  });

  it.each(negatives)('leaves %s alone', (value) => {
    for (const text of contexts(value)) expect(alone.find(text), text).toEqual([]);
  });
});

describe('every detector together', () => {
  const all = new DetectorSet(builtinDetectors);
  it.each(everydayText)('reports nothing in %s', (text) => {
    expect(all.find(text).map((match) => `${match.kind.type}: ${text.slice(match.start, match.end)}`)).toEqual([]);
  });
});

describe('hostile text', () => {
  it('scans a megabyte of PEM BEGIN lines with no END in well under a second (a prompt cannot stall the gateway)', () => {
    const text = '-----BEGIN PRIVATE KEY-----\n'.repeat(40_000);
    const started = performance.now();
    new DetectorSet(builtinDetectors).find(text);
    // Was 7 s: each BEGIN scanned the next 64 KB for an END.
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

describe('looksLikeKey', () => {
  const keyTypes = new Set(['openai_key', 'anthropic_key', 'aws_access_key', 'github_token', 'google_api_key', 'slack_token', 'stripe_key', 'gitlab_token', 'huggingface_token', 'npm_token', 'sendgrid_key', 'groq_key', 'xai_key', 'google_oauth_secret']);

  it('knows every key the secrets detectors find, as a whole value', () => {
    for (const row of table.filter((entry) => keyTypes.has(entry.type))) {
      for (const key of row.positives) expect(looksLikeKey(key), `${row.type}: ${key}`).toBe(true);
    }
  });

  it('also knows keys whose length the detectors do not expect, and shortened typed OpenAI/Anthropic keys', () => {
    for (const key of [`AIza${filler(30)}`, `xai-${filler(60)}`, `gsk_${filler(40)}`, 'sk-proj-abcdef123', 'sk-ant-short']) expect(looksLikeKey(key), key).toBe(true);
  });

  it('leaves names alone, even those that start like a key', () => {
    for (const name of ['openai', 'groq', 'xai-prod', 'xai-production-eu-west-1', 'hf_token', 'sk-team-2', 'sk-learn', 'npm_install', 'gsk_short', 'AIzaShort', 'my.key_2']) {
      expect(looksLikeKey(name), name).toBe(false);
    }
  });
});

describe('masks', () => {
  const mask = (type: string, value: string): string => builtinDetectors.find((detector) => detector.type === type)!.mask(value);
  it.each([
    ['email', 'jane.doe@example.com', 'j***@example.com'],
    ['card', '4242 4242 4242 4242', '**** **** **** 4242'],
    ['card', '4111111111111111', '************1111'],
    ['phone', '+1 415-555-2671', '+* ***-***-**71'],
    ['ssn', '123-45-6789', '***-**-6789'],
    ['iban', 'DE89 3704 0044 0532 0130 00', 'DE** **** **** **** **30 00'],
    ['ip', '192.168.1.10', '192.*.*.*'],
    ['ip', '2001:db8::1', '2001:****'],
    ['openai_key', `sk-proj-${filler(40)}`, 'sk-****'],
    ['github_token', `ghp_${filler(36)}`, 'ghp_****'],
    ['jwt', 'eyJhbGciOiJIUzI1NiJ9.e30.sig', 'eyJ****'],
    ['private_key', `-----BEGIN RSA PRIVATE KEY-----\n${PEM_BODY}-----END RSA PRIVATE KEY-----`, '-----BEGIN RSA PRIVATE KEY-----\n****\n-----END RSA PRIVATE KEY-----'],
  ])('%s: %s → %s', (type, value, masked) => {
    expect(mask(type, value)).toBe(masked);
  });
});
