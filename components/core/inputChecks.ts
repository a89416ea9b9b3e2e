import * as pulumi from "@pulumi/pulumi";
import { KusciaValidationError } from "./validation";

/** A rule on one value: its problems, none when it holds. */
export type Rule<T> = (value: T) => string[];

/** Checks arguments that may be plain or computed; plain values' problems are collected in `problems`. */
export interface InputChecks {
    readonly problems: string[];
    /** `value`, checked by `rule`: as the component should use it from here on. */
    value<T>(value: pulumi.Input<T>, rule: Rule<T>): pulumi.Output<T>;
}

/** A value not known yet: an Output or a Promise. */
export const isComputed = (value: unknown) => pulumi.Output.isInstance(value) || value instanceof Promise;

/**
 * The checks before anything is made (a cluster's, of all its nodes): plain values only; computed ones pass as they
 * are.
 */
export class PlainChecks implements InputChecks {
    readonly problems: string[] = [];

    value<T>(value: pulumi.Input<T>, rule: Rule<T>): pulumi.Output<T> {
        if (!isComputed(value)) {
            this.problems.push(...rule(value as T));
        }
        return pulumi.output(value) as pulumi.Output<T>;
    }
}

/**
 * The checks of a component that uses what it checked. A computed value is checked once it is known;
 * the Output returned fails with its problems, and `gate` does too: whatever takes the gated value
 * (every step of a node takes its connection through `gate`) is never made with a bad one.
 */
export class GatedChecks implements InputChecks {
    readonly problems: string[] = [];
    private readonly computed: pulumi.Output<unknown>[] = [];

    value<T>(value: pulumi.Input<T>, rule: Rule<T>): pulumi.Output<T> {
        if (!isComputed(value)) {
            this.problems.push(...rule(value as T));
            return pulumi.output(value) as pulumi.Output<T>;
        }
        const checked = pulumi.output(value).apply(x => {
            const problems = rule(x as T);
            if (problems.length > 0) {
                throw new KusciaValidationError(problems);
            }
            return x;
        }) as pulumi.Output<T>;
        this.computed.push(checked);
        return checked;
    }

    /** `value` once every computed value checked so far has passed. */
    gate<T>(value: pulumi.Input<T>): pulumi.Output<T> {
        return pulumi.all([value, ...this.computed]).apply(([v]) => v) as pulumi.Output<T>;
    }
}
