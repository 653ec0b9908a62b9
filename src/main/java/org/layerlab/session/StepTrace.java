package org.layerlab.session;

import java.util.ArrayList;
import java.util.List;
import org.layerlab.engine.BackwardTrace;
import org.layerlab.engine.Network;
import org.layerlab.protocol.TraceEvent;

/**
 * One sample's step through backpropagation, computed on a copy of the network: the live network's
 * parameters, gradient sum and workspace are never touched.
 *
 * <p>Everything comes from {@link Network#traceBackward}; on top of it, the numeric gradient (a
 * central finite difference of the sample's loss, step {@value #STEP}, for every weight and bias)
 * and the single-sample SGD update {@code p − η·∂E/∂p} (no regularization, no optimizer memory),
 * with the sample's loss after it.
 *
 * @param layers        the trace's layers, 0 (the inputs) to L
 * @param loss          the sample's loss
 * @param lossAfter     the sample's loss after the update
 * @param parameters    the parameters traced (a copy, layout of {@link Network#parameters()})
 * @param updated       the parameters after the update (same layout)
 */
record StepTrace(List<TraceEvent.Layer> layers, double loss, double lossAfter, double[] parameters,
                 double[] updated) {

    /** The finite-difference step. */
    static final double STEP = 1e-6;

    static StepTrace of(Network live, double[] inputs, int inputOffset, double[] targets, int targetOffset,
                        double learningRate) {
        Network net = new Network(live.spec());
        double[] params = live.parameters().clone();
        net.setParameters(params);
        BackwardTrace trace = net.traceBackward(inputs, inputOffset, targets, targetOffset);

        int size = params.length;
        double[] analytic = new double[size];
        double[] updated = new double[size];
        int L = net.layerCount();
        for (int l = 1; l <= L; l++) {
            System.arraycopy(trace.weightGradient()[l], 0, analytic, net.weightOffset(l),
                    trace.weightGradient()[l].length);
            System.arraycopy(trace.biasGradient()[l], 0, analytic, net.biasOffset(l), trace.biasGradient()[l].length);
        }
        for (int k = 0; k < size; k++) {
            updated[k] = params[k] - learningRate * analytic[k];
        }

        double[] numeric = new double[size];
        double[] probe = net.parameters();
        for (int k = 0; k < size; k++) {
            double p = params[k];
            probe[k] = p + STEP;
            net.forward(inputs, inputOffset);
            double plus = net.loss(targets, targetOffset);
            probe[k] = p - STEP;
            net.forward(inputs, inputOffset);
            double minus = net.loss(targets, targetOffset);
            probe[k] = p;
            numeric[k] = (plus - minus) / (2 * STEP);
        }

        net.setParameters(updated);
        net.forward(inputs, inputOffset);
        double lossAfter = net.loss(targets, targetOffset);

        List<TraceEvent.Layer> layers = new ArrayList<>(L + 1);
        double[] in = trace.forward().output()[0];
        double[][] none = new double[0][];
        double[] empty = new double[0];
        layers.add(new TraceEvent.Layer(0, in.clone(), in.clone(), trace.errorByOutput()[0],
                trace.activationDerivative()[0], trace.delta()[0], none, empty, none, empty, none, empty, none,
                empty));
        for (int l = 1; l <= L; l++) {
            int fanIn = net.layerSize(l - 1);
            int fanOut = net.layerSize(l);
            int wo = net.weightOffset(l);
            int bo = net.biasOffset(l);
            layers.add(new TraceEvent.Layer(l, trace.forward().netInput()[l], trace.forward().output()[l],
                    trace.errorByOutput()[l], trace.activationDerivative()[l], trace.delta()[l],
                    rows(params, wo, fanOut, fanIn), slice(params, bo, fanOut),
                    rows(analytic, wo, fanOut, fanIn), slice(analytic, bo, fanOut),
                    rows(numeric, wo, fanOut, fanIn), slice(numeric, bo, fanOut),
                    rows(updated, wo, fanOut, fanIn), slice(updated, bo, fanOut)));
        }
        return new StepTrace(layers, trace.loss(), lossAfter, params, updated);
    }

    private static double[][] rows(double[] flat, int offset, int count, int width) {
        double[][] out = new double[count][];
        for (int j = 0; j < count; j++) {
            out[j] = slice(flat, offset + j * width, width);
        }
        return out;
    }

    private static double[] slice(double[] flat, int offset, int length) {
        double[] out = new double[length];
        System.arraycopy(flat, offset, out, 0, length);
        return out;
    }
}
