/** A firm's billing settings. Amounts of all its invoices are in its one currency. */
export interface FirmBillingSettings {
  /** ISO 4217, e.g. `USD`. Can only change while the firm has no invoice. */
  currency: string;
  /** Billing in the portal for clients without a setting of their own. */
  billingInPortalDefault: boolean;
  /** Whether linked contacts (not only the client themself) see billing when it is on for the client. */
  contactsSeeBilling: boolean;
}

export const DEFAULT_FIRM_BILLING: Readonly<FirmBillingSettings> = { currency: 'USD', billingInPortalDefault: false, contactsSeeBilling: false };

export interface ClientBillingSetting {
  clientId: string;
  billingInPortal: boolean;
  /** `client`: staff set it for this client; `firm-default`: it follows the firm's default. */
  source: 'client' | 'firm-default';
}

/** The client's own setting when staff made one, the firm's default otherwise. */
export function clientBillingSetting(clientId: string, firm: FirmBillingSettings, own: boolean | undefined): ClientBillingSetting {
  return own === undefined
    ? { clientId, billingInPortal: firm.billingInPortalDefault, source: 'firm-default' }
    : { clientId, billingInPortal: own, source: 'client' };
}

/** A client sees billing in the portal when it is on for them; a linked contact also needs the firm's `contactsSeeBilling`. */
export function portalSeesBilling(firm: FirmBillingSettings, client: ClientBillingSetting, contactId: string | null): boolean {
  return client.billingInPortal && (contactId === null || firm.contactsSeeBilling);
}
