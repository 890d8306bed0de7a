import type { NextFunction, Request, Response } from 'express';
import { hideInvitationTokens, invitationTokenOf } from './link-token';

function pass(url: string) {
  const req = { url, originalUrl: url } as Request;
  const next = jest.fn() as NextFunction;
  hideInvitationTokens(req, {} as Response, next);
  expect(next).toHaveBeenCalledTimes(1);
  return { url: req.url, originalUrl: req.originalUrl, token: invitationTokenOf(req) };
}

describe('hideInvitationTokens', () => {
  it('takes the token out of the link and the accept URL, keeping it for the handler', () => {
    expect(pass('/api/identity/invitations/Abc-_12')).toEqual({
      url: '/api/identity/invitations/:token',
      originalUrl: '/api/identity/invitations/:token',
      token: 'Abc-_12',
    });
    expect(pass('/api/identity/invitations/Abc-_12/accept')).toEqual({
      url: '/api/identity/invitations/:token/accept',
      originalUrl: '/api/identity/invitations/:token/accept',
      token: 'Abc-_12',
    });
  });

  it('also where Express would still route the request: trailing slash, query, other case', () => {
    expect(pass('/api/identity/invitations/tok/').url).toBe('/api/identity/invitations/:token/');
    expect(pass('/api/identity/invitations/tok?utm=mail')).toMatchObject({ url: '/api/identity/invitations/:token?utm=mail', token: 'tok' });
    expect(pass('/API/Identity/Invitations/tok/Accept')).toMatchObject({ url: '/API/Identity/Invitations/:token/Accept', token: 'tok' });
  });

  it('decodes the token like a route parameter, and keeps a malformed one as typed', () => {
    expect(pass('/api/identity/invitations/a%2Bb').token).toBe('a+b');
    expect(pass('/api/identity/invitations/%E0%A4%A').token).toBe('%E0%A4%A');
  });

  it('leaves every other URL alone', () => {
    for (const url of ['/api/identity/auth/login', '/api/identity/invitations', '/api/identity/invitations/tok/other', '/health/ready']) {
      expect(pass(url)).toEqual({ url, originalUrl: url, token: '' });
    }
  });
});
