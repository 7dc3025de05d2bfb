import { searchKey } from './seed';

describe('searchKey', () => {
  it('folds case, accents and spacing', () => {
    expect(searchKey('Mélodie')).toBe('melodie');
    expect(searchKey('  E-Médecine   Préventive ')).toBe('e-medecine preventive');
    expect(searchKey('Orphée')).toBe(searchKey('ORPHEE'));
    expect(searchKey('Zaïnaba')).toBe('zainaba');
  });
});
