/** Pieces shared by the HTTP schemas: pagination, query-string coercion, common bodies. */
import { z } from "zod";
import { PAGE_SIZE_DEFAULT, PAGE_SIZE_MAX, SEARCH_MAX_LENGTH } from "../../limits.ts";
import { IdSchema, SeqSchema, WireErrorSchema } from "../primitives.ts";

const U32_MAX = 4_294_967_295;

/** A page size in a JSON body: default 50, anything above 100 clamped to 100 (as Lair does). */
export const PageLimitSchema = z
  .number()
  .int()
  .min(1)
  .max(U32_MAX)
  .default(PAGE_SIZE_DEFAULT)
  .transform((n) => Math.min(n, PAGE_SIZE_MAX));

/** An offset in a JSON body. */
export const PageOffsetSchema = z.number().int().min(0).max(U32_MAX).default(0);

/** A page size in a query string. */
export const QueryLimitSchema = z.coerce
  .number()
  .int()
  .min(1)
  .max(U32_MAX)
  .default(PAGE_SIZE_DEFAULT)
  .transform((n) => Math.min(n, PAGE_SIZE_MAX));

/** An offset in a query string. */
export const QueryOffsetSchema = z.coerce.number().int().min(0).max(U32_MAX).default(0);

/** A sequence number in a query string (`cursor` extension). */
export const QuerySeqSchema = z.coerce.number().pipe(SeqSchema);

/** A boolean in a query string: `true`/`false` (also `1`/`0`). */
export const QueryBoolSchema = z.stringbool({ truthy: ["true", "1"], falsy: ["false", "0"] });

/** A search filter. */
export const SearchSchema = z.string().max(SEARCH_MAX_LENGTH);

/** `?limit&offset`. */
export const PaginationQuerySchema = z.object({ limit: QueryLimitSchema, offset: QueryOffsetSchema });

/** `{success: true}`: the body of actions with nothing else to say. */
export const SuccessResponseSchema = z.object({ success: z.literal(true) });
export type SuccessResponse = z.infer<typeof SuccessResponseSchema>;

/** `{error: {code, message, details?}}`: every HTTP error body. */
export const ErrorBodySchema = z.object({ error: WireErrorSchema });
export type ErrorBody = z.infer<typeof ErrorBodySchema>;

/** Path parameter schemas. */
export const RoomIdParamsSchema = z.object({ room_id: IdSchema });
export const UserIdParamsSchema = z.object({ user_id: IdSchema });
export const RoomMemberParamsSchema = z.object({ room_id: IdSchema, user_id: IdSchema });
export const MessageIdParamsSchema = z.object({ message_id: IdSchema });
export const InvitationIdParamsSchema = z.object({ invitation_id: IdSchema });
