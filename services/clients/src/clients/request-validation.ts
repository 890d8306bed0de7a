import { Transform } from 'class-transformer';
import { buildMessage, ValidateBy, ValidateIf, type ValidationOptions } from 'class-validator';
import { Email as contractEmail } from '@portico/contracts';

// The rule of the `Email` field of @portico/contracts, which every stored email ends up in
// (ClientCreated/ClientUpdated). class-validator's isEmail accepts more (`a!b@x.com`,
// `jöhn@x.com`, quoted local parts): such an address would pass the request and then fail
// the event, a 500 instead of a 400.

/** An email the event contracts accept, once trimmed and lower-cased as the domain stores it. The rule is named `isEmail`. */
export function IsPorticoEmail(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isEmail',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && contractEmail.safeParse(value.trim().toLowerCase()).success,
        defaultMessage: buildMessage((eachPrefix) => `${eachPrefix}$property must be an email`, options),
      },
    },
    options,
  );
}

/**
 * The field may be left out, but a value given (null included) is validated. `@IsOptional`
 * would let null through, and a PATCH would then store null where a value is required.
 */
export function Omittable(): PropertyDecorator {
  return ValidateIf((_object, value) => value !== undefined);
}

export const Trim = (): PropertyDecorator => Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value));
