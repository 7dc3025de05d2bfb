import { randomUUID } from 'node:crypto';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { Arg, Ctx, Field, ID, InputType, Int, Mutation, Resolver } from 'type-graphql';
import { requireStaff } from '../../../lib/auth';
import { badUserInput, conflict, notFound } from '../../../lib/errors';
import { Delegate, DelegateRole, Member } from '../entities';
import type { GovernanceContext } from '../loaders';

@InputType({ description: 'Appoints one delegate to a seat of a member' })
export class AppointDelegateInput {
  @Field(() => String, { description: 'Member code, e.g. BOBIGNY' })
  memberCode!: string;

  @Field(() => DelegateRole)
  role!: DelegateRole;

  @Field(() => String)
  firstName!: string;

  @Field(() => String)
  lastName!: string;

  @Field(() => Int, { nullable: true, description: 'Seat (1 or 2); by default the first seat where this role is vacant' })
  seat?: number | null;
}

const MAX_NAME_LENGTH = 100;

function cleanName(value: string, field: string): string {
  const cleaned = value.trim().replace(/\s+/g, ' ');
  if (cleaned.length === 0) throw badUserInput(`${field} must not be empty`, { field });
  if (cleaned.length > MAX_NAME_LENGTH) throw badUserInput(`${field} must be at most ${MAX_NAME_LENGTH} characters`, { field });
  return cleaned;
}

const seatsWording = (member: Member) =>
  member.hasOptionalCompetences
    ? `${member.code} transferred optional competences and has 2 seats (two titular and two substitute delegates)`
    : `${member.code} transferred only the mandatory competences and has 1 seat (one titular and one substitute delegate)`;

/**
 * Writes to the council, under article 5.1 of the statutes: a member with only the mandatory
 * competences has one titular/substitute pair, a member with an optional competence has two.
 */
@Resolver()
export class DelegateMutationResolver {
  @Mutation(() => Delegate, { description: 'Appoints a delegate to a vacant seat; SII_STAFF only' })
  async appointDelegate(
    @Arg('input', () => AppointDelegateInput) input: AppointDelegateInput,
    @Ctx() { em, viewer }: GovernanceContext,
  ): Promise<Delegate> {
    requireStaff(viewer);
    const firstName = cleanName(input.firstName, 'firstName');
    const lastName = cleanName(input.lastName, 'lastName');
    try {
      return await em.transactional(async (tx) => {
        const member = await tx.findOne(Member, { code: input.memberCode.trim().toUpperCase() });
        if (!member) throw badUserInput(`No member has the code ${input.memberCode}`, { field: 'memberCode' });
        // Serialises appointments to one member, so that two requests cannot both take the last seat.
        await tx.execute('select id from "governance"."member" where id = ? for update', [member.id]);
        const taken = await tx.find(Delegate, { memberId: member.id, role: input.role });
        const takenSeats = new Set(taken.map((delegate) => delegate.seat));
        let seat: number;
        if (input.seat !== undefined && input.seat !== null) {
          if (!Number.isInteger(input.seat) || input.seat < 1 || input.seat > member.seatCount) {
            throw badUserInput(`Seat ${input.seat} does not exist: ${seatsWording(member)}`, { field: 'seat' });
          }
          if (takenSeats.has(input.seat)) {
            throw badUserInput(`Seat ${input.seat} of ${member.code} already has a ${input.role.toLowerCase()} delegate; remove them first`, {
              field: 'seat',
            });
          }
          seat = input.seat;
        } else {
          const vacant = Array.from({ length: member.seatCount }, (_, index) => index + 1).find((s) => !takenSeats.has(s));
          if (vacant === undefined) {
            throw badUserInput(`No vacant ${input.role.toLowerCase()} seat: ${seatsWording(member)}`, { field: 'role' });
          }
          seat = vacant;
        }
        return tx.create(Delegate, { id: randomUUID(), memberId: member.id, seat, role: input.role, firstName, lastName, isPresident: false });
      });
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException) {
        throw conflict('That seat was taken by a concurrent appointment; read the council again and retry');
      }
      throw error;
    }
  }

  @Mutation(() => Delegate, { description: 'Removes a delegate, leaving their seat vacant; returns the removed delegate. SII_STAFF only' })
  async removeDelegate(@Arg('id', () => ID) id: string, @Ctx() { em, viewer }: GovernanceContext): Promise<Delegate> {
    requireStaff(viewer);
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) throw notFound(`No delegate has the id ${id}`);
    return em.transactional(async (tx) => {
      const delegate = await tx.findOne(Delegate, { id });
      if (!delegate) throw notFound(`No delegate has the id ${id}`);
      if (delegate.isPresident) {
        throw badUserInput('The president of the council cannot be removed while presiding', { field: 'id' });
      }
      const removed = Object.assign(new Delegate(), delegate);
      tx.remove(delegate);
      return removed;
    });
  }
}
