import { clientBillingSetting, DEFAULT_FIRM_BILLING, portalSeesBilling } from './billing-settings';

const firm = (changes: Partial<typeof DEFAULT_FIRM_BILLING> = {}) => ({ ...DEFAULT_FIRM_BILLING, ...changes });

describe('billing in portal', () => {
  it('is off by default, in USD, contacts excluded', () => {
    expect(DEFAULT_FIRM_BILLING).toEqual({ currency: 'USD', billingInPortalDefault: false, contactsSeeBilling: false });
  });

  it("follows the firm's default until staff set it for the client", () => {
    expect(clientBillingSetting('c', firm({ billingInPortalDefault: true }), undefined)).toEqual({
      clientId: 'c',
      billingInPortal: true,
      source: 'firm-default',
    });
    expect(clientBillingSetting('c', firm({ billingInPortalDefault: true }), false)).toEqual({ clientId: 'c', billingInPortal: false, source: 'client' });
    expect(clientBillingSetting('c', firm(), true)).toEqual({ clientId: 'c', billingInPortal: true, source: 'client' });
  });

  it('shows billing to the client when on, and to a linked contact only if the firm lets contacts see billing', () => {
    const on = clientBillingSetting('c', firm(), true);
    const off = clientBillingSetting('c', firm(), false);
    expect(portalSeesBilling(firm(), on, null)).toBe(true);
    expect(portalSeesBilling(firm(), off, null)).toBe(false);
    expect(portalSeesBilling(firm(), on, 'spouse')).toBe(false);
    expect(portalSeesBilling(firm({ contactsSeeBilling: true }), on, 'spouse')).toBe(true);
    expect(portalSeesBilling(firm({ contactsSeeBilling: true }), off, 'spouse')).toBe(false);
  });
});
