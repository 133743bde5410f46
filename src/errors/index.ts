/** The error classes (`import { errors } from "jaxon"`); see classes.ts. */
export { DTypeError, FloatingPointError, JaxonError, SerializationError, ShapeError, TracerError, ValueError, type ErrorDetails } from "./classes.js";
