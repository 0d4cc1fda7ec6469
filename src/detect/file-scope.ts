// Whether a declared name is the project's own across the whole scan, not just in its file.
// An `extern` declaration or a function prototype at file or namespace level
// (`extern "C" cudaError_t cudaFooLaunch(int);`, `extern int cudaFooFlags;`) names something the
// project provides to its other files: their uses are not unknown CUDA. Variables, typedefs and types
// stay local to their file (a dynamic-loading sample re-declares driver names that way), and so do
// parameters, members and locals.
import type Parser from 'tree-sitter';

/** Node types under which a declaration is local to its function, class or parameter list. */
const LOCAL = new Set(['compound_statement', 'parameter_list', 'field_declaration_list', 'template_parameter_list', 'lambda_expression']);

/** Whether the name node at the cursor (whose parent node has type `parent`) is an extern declaration or
 *  a function prototype at file or namespace level. */
export function sharedDeclaration(cursor: Parser.TreeCursor, parent: string): boolean {
  let external = parent === 'function_declarator';
  for (let up = cursor.currentNode.parent; up; up = up.parent) {
    if (LOCAL.has(up.type)) return false;
    if (up.type === 'linkage_specification') external = true; // extern "C" ...
    if (up.type === 'declaration' && up.children.some((c) => c.type === 'storage_class_specifier' && c.text === 'extern')) external = true;
    if (up.type === 'translation_unit' || up.type === 'declaration_list') return external;
  }
  return false;
}
