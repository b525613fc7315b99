// Every FQL function this engine knows, by wire key.
import { accessProviderForms } from './access-providers.js';
import { collectionForms } from './collections.js';
import { comparisonForms } from './comparisons.js';
import { conversionForms } from './conversions.js';
import { formTable } from './compile.js';
import { controlForms } from './control.js';
import { foldForms } from './folds.js';
import { formatForms } from './format.js';
import { historyWriteForms } from './history-writes.js';
import { identityForms } from './identity.js';
import { mathForms } from './math.js';
import { moveDatabaseForms } from './move-database.js';
import { mathFunctionForms } from './math-functions.js';
import { objectForms } from './objects.js';
import { paginateForms } from './paginate.js';
import { readForms } from './read.js';
import { refForms } from './refs.js';
import { schemaForms } from './schema.js';
import { selectForms } from './select.js';
import { setFunctionForms } from './set-functions.js';
import { setForms } from './sets.js';
import { stringForms } from './strings.js';
import { timeForms } from './time.js';
import { timePartForms } from './time-parts.js';
import { typeForms } from './types.js';
import { userFunctionForms } from './user-functions.js';
import { writeForms } from './writes.js';

export const FORMS = formTable([
  controlForms,
  selectForms,
  collectionForms,
  mathForms,
  timeForms,
  formatForms,
  refForms,
  readForms,
  paginateForms,
  setForms,
  writeForms,
  schemaForms,
  typeForms,
  mathFunctionForms,
  comparisonForms,
  stringForms,
  conversionForms,
  timePartForms,
  foldForms,
  setFunctionForms,
  objectForms,
  userFunctionForms,
  identityForms,
  accessProviderForms,
  moveDatabaseForms,
  historyWriteForms,
]);
