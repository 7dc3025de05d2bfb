/**
 * The `includeSynthetic` argument of every figure counted from operations' records. Demo data is
 * opt-in: a figure leaves out the records `npm run seed:synthetic` generated (marked synthetic in
 * operations) unless the caller asks for them, so a hub with demo data never reports it as real.
 */
export const INCLUDE_SYNTHETIC = {
  nullable: true,
  defaultValue: false,
  description: 'Also count operations’ synthetic demo records (npm run seed:synthetic, marked synthetic there); by default only real records count',
};
