import type { Detector } from './types';

/**
 * US Social Security numbers written `123-45-6789` or `123 45 6789`. Area 000, 666 and 9xx,
 * group 00 and serial 0000 are never issued. A bare 9-digit run is not matched: without the
 * separators it is indistinguishable from any other number.
 */
export const ssn: Detector = {
  type: 'ssn',
  group: 'ssn',
  pattern: '(?<![\\w-]|\\d )(?!000|666|9)\\d{3}(?:-(?!00)\\d{2}-|[ ](?!00)\\d{2}[ ])(?!0000)\\d{4}(?![\\w-]|[ ]\\d)',
  mask: (value) => `***-**-${value.slice(-4)}`,
};
