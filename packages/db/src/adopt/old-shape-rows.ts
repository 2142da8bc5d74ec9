/**
 * Rows an old-site process wrote after the adoption: they carry the old model columns and are not in the copy.
 * A module of its own (no file reads) so the apps' doctor can import it.
 */
export const STRAGGLERS = `(select * from public.generations g
  where g.model_id is not null and not exists (select 1 from lensroom_legacy.generations c where c.id = g.id))`;
